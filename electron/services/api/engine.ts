/**
 * The engine as the API handlers see it: the few entry points of electron/services they call.
 * Each entry is optional so the API can be wired before every engine part exists; a handler
 * whose entry is missing answers UNSUPPORTED naming the missing part (never a fake result).
 */
import type {
  OuthashParams,
  OuthashResult,
  ServerInfo,
  ServerTarget,
} from '../../../shared/contract/api-schemas';
import { InspectorError } from '../../../shared/model/errors';
import type { ProgressFn } from '../../../shared/model/progress';
import type { ReportOutcome, ReportPreview, SyncResult } from '../../../shared/model/server-sync';
import type { SigFile } from '../../../shared/model/sigdata';
import type {
  BuildComparison,
  ClassPage,
  ClassQuery,
  ServerStatus,
  TaskDetail,
  TaskFacets,
  TaskOutcome,
  TaskPage,
  TaskQuery,
  WorkspaceSummary,
} from '../../../shared/model/tasks';

/** Options every long engine call takes. */
export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** An open workspace (electron/services/workspace). */
export interface EngineWorkspace {
  readonly id: string;
  summary(): WorkspaceSummary;
  addBuild(paths: readonly string[], opts: JobOptions & { label?: string }): Promise<unknown>;
  queryTasks(q: TaskQuery): TaskPage;
  facets(q: TaskQuery): TaskFacets;
  classes(q: ClassQuery): ClassPage;
  task(key: string): TaskDetail;
  compareBuilds(a: string, b: string): BuildComparison;
  /** Fills the server column by row key; returns how many rows changed. */
  setServerStatus(byKey: Record<string, ServerStatus | null>): number;
  /** Every row's key and hashes, for bulk server look-ups. */
  rowIdentities?(
    build?: string,
  ): Iterable<{ key: string; taskhash: string | null; unihash: string | null; method: string | null }>;
  /** Fills the outcome column by row key; returns how many rows changed. */
  setOutcomes(byKey: Record<string, TaskOutcome | null>): number;
  close(): void;
}

/** An outhash with its sigtext lines (the handlers drop the lines unless asked). */
export interface EngineOuthash extends Omit<OuthashResult, 'lines'> {
  lines: string[];
}

/** The engine entry points the API uses. */
export interface Engine {
  openWorkspace?(paths: readonly string[], opts: JobOptions & { label?: string }): Promise<EngineWorkspace>;
  ensureDemoBuild?(): Promise<string>;
  readSigFile?(path: string): Promise<SigFile>;
  /** OEOuthashBasic of a directory, an sstate archive, or the sigtext of a depsig file. */
  computeOuthash?(path: string, params: OuthashParams, opts: JobOptions): Promise<EngineOuthash>;
  connectServer?(target: ServerTarget, opts: JobOptions): Promise<ServerInfo>;
  syncWithServer?(
    ws: EngineWorkspace,
    target: ServerTarget,
    opts: JobOptions & { build?: string },
  ): Promise<SyncResult>;
  previewReport?(
    ws: EngineWorkspace,
    target: ServerTarget,
    opts: JobOptions & { build?: string; keys?: string[] },
  ): Promise<ReportPreview>;
  sendReport?(
    ws: EngineWorkspace,
    target: ServerTarget,
    confirmation: string,
    opts: JobOptions,
  ): Promise<ReportOutcome>;
}

/** The entry, or an UNSUPPORTED error that names the missing engine part. */
export function need<K extends keyof Engine>(engine: Engine, key: K, part: string): NonNullable<Engine[K]> {
  const fn = engine[key];
  if (!fn) {
    throw new InspectorError(
      'UNSUPPORTED',
      `This build of the inspector cannot do that yet: ${part} is not wired into the API`,
      { entry: String(key) },
    );
  }
  return (fn as (...args: never[]) => unknown).bind(engine) as NonNullable<Engine[K]>;
}
