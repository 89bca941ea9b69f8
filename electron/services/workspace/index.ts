/**
 * The workspace: one or more builds (each a set of sources, e.g. a build directory) indexed into
 * one in-memory task table. This is the API the app shell, the web server and the CLI use:
 *
 *   const ws = await openWorkspace(['/path/to/build'], { onProgress, signal, label });
 *   ws.queryTasks({ search: 'zlib', filters: ['equivalent'], offset: 0, limit: 100 });
 *   ws.facets({ search: 'zlib' }); ws.classes({ offset: 0, limit: 50 }); ws.task(key);
 *   await ws.addBuild(['/path/to/ci-build'], { label: 'CI' }); ws.compareBuilds(a, b);
 *   ws.setServerStatus({ [key]: 'different' }); ws.setOutcomes({ [key]: 'ran' }); ws.close();
 */
import { randomUUID } from 'node:crypto';
import { InspectorError } from '../../../shared/model/errors';
import type { ProgressFn } from '../../../shared/model/progress';
import type {
  BuildComparison,
  BuildSummary,
  ClassPage,
  ClassQueryInput,
  ServerStatus,
  TaskDetail,
  TaskFacets,
  TaskOutcome,
  TaskPage,
  TaskQuery,
  TaskQueryInput,
  WorkspaceSummary,
} from '../../../shared/model/tasks';
import { ClassQuerySchema, TaskQuerySchema } from '../../../shared/model/tasks';
import { ingestEventLogOutcomes } from './ingest-eventlog';
import { loadBuild } from './load-build';
import { TaskIndex } from './task-index';

/**
 * How long after a build is queryable the background indexing starts: long enough for a window's
 * first requests (page, facets, summary) to be answered before a step blocks the loop.
 */
const INDEX_START_DELAY_MS = 1500;

/** Options of openWorkspace / addBuild. */
export interface OpenOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Label of the build ('laptop', 'CI'); defaults to the build directory's name. */
  label?: string;
  /**
   * Progress of the work left once the build is queryable: secondary indexes, and for a lone
   * server database its current rows (phase 'index', done and total in steps). Separate from onProgress: it keeps reporting after addBuild/openWorkspace
   * resolved, when the job that onProgress belongs to is finished.
   */
  onIndexProgress?: ProgressFn;
}

/** Validates a caller's query (defaults filled in); INVALID_INPUT with the zod message when bad. */
function parseQuery<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
  q: unknown,
  what: string,
): T {
  const r = schema.safeParse(q);
  if (!r.success) throw new InspectorError('INVALID_INPUT', `Invalid ${what}: ${r.error.message}`);
  return r.data;
}

/** An open workspace. Not thread-safe; one per window/session. */
export class Workspace {
  /** Random id, stable for the life of the workspace. */
  readonly id: string = randomUUID();
  private readonly index = new TaskIndex();
  private readonly builds: BuildSummary[] = [];
  private closed = false;

  /** Adds one build (paths of one build directory, or loose files that belong together). */
  async addBuild(paths: readonly string[], opts: OpenOptions = {}): Promise<BuildSummary> {
    this.assertOpen();
    if (paths.length === 0) throw new InspectorError('INVALID_INPUT', 'No path given for the build.');
    const started = performance.now();
    const id = `b${this.builds.length + 1}`;
    const label = opts.label ?? defaultLabel(paths[0] ?? id, this.builds.length);
    this.index.addBuild(id, label);
    const loaded = await loadBuild(this.index, id, paths, opts);
    opts.onProgress?.({ phase: 'derive', done: 0, total: 1 });
    this.index.deriveBuild(id);
    // What actually ran (event logs) needs the derived rows: it fills their outcome column.
    await ingestEventLogOutcomes(this.index, id, loaded.sources, loaded.warnings, opts);
    opts.onProgress?.({ phase: 'derive', done: 1, total: 1 });
    const summary: BuildSummary = {
      id,
      label,
      inputs: loaded.inputs,
      root: loaded.root,
      sources: loaded.sources,
      multiconfigs: loaded.multiconfigs,
      counts: this.index.counts(id),
      warnings: loaded.warnings,
      indexMs: Math.round(performance.now() - started),
    };
    this.builds.push(summary);
    // The rows answer queries now; the other indexes are built between them (whenIndexed).
    // (Only a throwing onIndexProgress rejects this; whenIndexed builds what it left.)
    this.index.buildPendingIndexes(opts.onIndexProgress, INDEX_START_DELAY_MS).catch(() => undefined);
    return summary;
  }

  /**
   * Resolves when every index of the rows is built (queries are answered before, some by scans),
   * or at once when the workspace is closed. Rejects with the error of an index that failed.
   */
  async whenIndexed(): Promise<void> {
    if (this.closed) return;
    await this.index.buildPendingIndexes();
    // An index the background run could not build: build it here, so its error reaches a caller.
    if (!this.closed && this.index.pendingIndexCount() > 0) this.index.buildPendingIndexesNow();
  }

  /** The builds and their counts. */
  summary(): WorkspaceSummary {
    this.assertOpen();
    return { id: this.id, builds: [...this.builds], counts: this.index.counts() };
  }

  /** One page of task rows. */
  queryTasks(q: TaskQueryInput): TaskPage {
    this.assertOpen();
    return this.index.queryTasks(parseQuery<TaskQuery>(TaskQuerySchema, q, 'task query'));
  }

  /** Counts per recipe, task, mc, build and filter for the rows matching `q`. */
  facets(q: Omit<TaskQueryInput, 'offset' | 'limit' | 'sort'> = {}): TaskFacets {
    this.assertOpen();
    const parsed = parseQuery<TaskQuery>(TaskQuerySchema, { ...q, offset: 0, limit: 1 }, 'facet query');
    return this.index.facets(parsed);
  }

  /** Equivalence classes (unihash -> taskhashes with their outhashes), biggest first. */
  classes(q: ClassQueryInput = {}): ClassPage {
    this.assertOpen();
    return this.index.classes(parseQuery(ClassQuerySchema, q, 'class query'));
  }

  /** Full detail of one row: every source's values and the files (stamps, sigdata, depsig, sstate). */
  task(key: string): TaskDetail {
    this.assertOpen();
    return this.index.task(key);
  }

  /** Tasks whose current taskhash or unihash differ between builds `a` and `b` (ids from summary()). */
  compareBuilds(a: string, b: string): BuildComparison {
    this.assertOpen();
    return this.index.compareBuilds(a, b);
  }

  /** Fills the server column (keys from rows / rowIdentities); returns how many rows changed. */
  setServerStatus(byKey: Record<string, ServerStatus | null>): number {
    this.assertOpen();
    return this.index.setServerStatus(byKey);
  }

  /** Fills the outcome column (keys from rows / rowIdentities); returns how many rows changed. */
  setOutcomes(byKey: Record<string, TaskOutcome | null>): number {
    this.assertOpen();
    return this.index.setOutcomes(byKey);
  }

  /** Every row's key and hashes (streamed), to compute server status or outcomes in bulk. */
  rowIdentities(build?: string): ReturnType<TaskIndex['rowIdentities']> {
    this.assertOpen();
    return this.index.rowIdentities(build);
  }

  /** Frees the index. Further calls throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.index.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new InspectorError('INVALID_INPUT', 'This workspace is closed.');
  }
}

function defaultLabel(p: string, n: number): string {
  const base =
    p
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  return base || `build ${n + 1}`;
}

/**
 * Opens a workspace over `paths` (all of one build). A source that cannot be read shows in the
 * summary as a source with status 'error'; everything else is indexed. Resolves as soon as the
 * rows are queryable: secondary indexes are still being built in the background (whenIndexed).
 */
export async function openWorkspace(paths: readonly string[], opts: OpenOptions = {}): Promise<Workspace> {
  const ws = new Workspace();
  try {
    await ws.addBuild(paths, opts);
  } catch (err) {
    ws.close();
    throw err;
  }
  return ws;
}

export { ensureDemoBuild } from './demo';
