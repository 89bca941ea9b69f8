/**
 * THE API table: every method the renderer (and scripts, over web mode) can call, as
 * `domain.verb` names with zod schemas for input and output. The `Api` type, the preload's
 * functions, the dispatcher's checks and the web routes are all derived from this one object.
 *
 * Long jobs (`job: true`) accept an optional client-chosen `jobId`: while they run, the engine
 * emits `job.progress` events with that id, and `job.cancel({ jobId })` aborts them.
 */
import { z } from 'zod';
import {
  BuildComparisonSchema,
  ClassPageSchema,
  ClassQuerySchema,
  TaskDetailSchema,
  TaskFacetsSchema,
  TaskPageSchema,
  TaskQuerySchema,
  WorkspaceSummarySchema,
} from '../model/tasks';
import {
  HashSchema,
  PathSchema,
  ReportOutcomeSchema,
  ReportPreviewSchema,
  SigDiffSchema,
  SigFileSchema,
  SyncResultSchema,
} from './domain-schemas';
import {
  AppInfoSchema,
  ChoosePathsInputSchema,
  ChoosePathsOutputSchema,
  ExportFormatSchema,
  ExportResultSchema,
  JobIdSchema,
  OuthashLineDiffSchema,
  OuthashParamsSchema,
  OuthashResultSchema,
  PathListSchema,
  RecentEntrySchema,
  ServerInfoSchema,
  ServerTargetSchema,
  SourceEntrySchema,
  WorkspaceIdSchema,
} from './api-schemas';
import { RootCauseComparisonSchema, TaskExplanationSchema } from './analysis-schemas';
import { ServerStatsSchema } from './server-stats-schema';
import { RunsListSchema } from './runs-schema';

/** The description of one method: schemas plus what the docs and the preload need. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for API docs. */
  summary: string;
  /** A long job: takes `jobId`, emits `job.progress`, can be cancelled. */
  job?: boolean;
}

function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

const noInput = z.strictObject({});
const ws = { workspaceId: WorkspaceIdSchema };
const job = { jobId: JobIdSchema.optional() };

/** The method table. Add a method here, then its handler in electron/services/api. */
export const METHODS = {
  // --- application ------------------------------------------------------------------------
  'app.info': method({
    summary: 'Name, version and mode of the app.',
    input: noInput,
    output: AppInfoSchema,
  }),
  'app.choosePaths': method({
    summary:
      'Show a native open dialog (desktop app only; web mode and the CLI answer UNSUPPORTED). Empty = cancelled.',
    input: ChoosePathsInputSchema,
    output: ChoosePathsOutputSchema,
  }),

  // --- workspaces -------------------------------------------------------------------------
  'workspace.open': method({
    summary: 'Open build directories / caches / files as a new workspace (one build).',
    job: true,
    input: z.strictObject({ paths: PathListSchema, label: z.string().max(200).optional(), ...job }),
    output: WorkspaceSummarySchema,
  }),
  'workspace.openDemo': method({
    summary: 'Open the bundled demo build (created on first use).',
    job: true,
    input: z.strictObject({ ...job }),
    output: WorkspaceSummarySchema,
  }),
  'workspace.addBuild': method({
    summary: 'Add a second build (to compare) to an open workspace.',
    job: true,
    input: z.strictObject({ ...ws, paths: PathListSchema, label: z.string().max(200).optional(), ...job }),
    output: WorkspaceSummarySchema,
  }),
  'workspace.close': method({
    summary: 'Close a workspace and free its index.',
    input: z.strictObject({ ...ws }),
    output: z.object({ closed: z.boolean() }),
  }),
  'workspace.list': method({
    summary: 'The open workspaces (web mode opens the paths given to `serve` at start).',
    input: noInput,
    output: z.array(WorkspaceSummarySchema),
  }),
  'workspace.summary': method({
    summary: 'One workspace: builds, sources, counts.',
    input: z.strictObject({ ...ws }),
    output: WorkspaceSummarySchema,
  }),
  'workspace.recent': method({
    summary: 'Recently opened path sets, newest first.',
    input: noInput,
    output: z.array(RecentEntrySchema),
  }),
  'workspace.compareBuilds': method({
    summary: 'Tasks that differ (taskhash/unihash/presence) between two builds of a workspace.',
    input: z.strictObject({ ...ws, a: z.string().min(1), b: z.string().min(1) }),
    output: BuildComparisonSchema,
  }),

  // --- sources ----------------------------------------------------------------------------
  'sources.list': method({
    summary: 'Every source of every build, with its status and error.',
    input: z.strictObject({ ...ws, status: z.enum(['ok', 'error', 'empty']).optional() }),
    output: z.array(SourceEntrySchema),
  }),

  // --- tasks and equivalence classes --------------------------------------------------------
  'tasks.query': method({
    summary: 'A page of task rows matching a filter.',
    input: z.strictObject({ ...ws, query: TaskQuerySchema }),
    output: TaskPageSchema,
  }),
  'tasks.count': method({
    summary: 'How many rows match a filter.',
    input: z.strictObject({ ...ws, query: TaskQuerySchema }),
    output: z.object({ total: z.number().int() }),
  }),
  'tasks.facets': method({
    summary: 'Counts per recipe, task, multiconfig, build and filter for the sidebar.',
    input: z.strictObject({ ...ws, query: TaskQuerySchema }),
    output: TaskFacetsSchema,
  }),
  'tasks.export': method({
    summary: 'All rows of the current filter (offset/limit ignored) as CSV or JSON text.',
    job: true,
    input: z.strictObject({ ...ws, query: TaskQuerySchema, format: ExportFormatSchema, ...job }),
    output: ExportResultSchema,
  }),
  'tasks.detail': method({
    summary: 'Everything known about one row: files, reports, its class, siblings.',
    input: z.strictObject({ ...ws, key: z.string().min(1) }),
    output: TaskDetailSchema,
  }),
  'classes.query': method({
    summary: 'A page of equivalence classes (taskhashes sharing a unihash).',
    input: z.strictObject({ ...ws, query: ClassQuerySchema }),
    output: ClassPageSchema,
  }),

  // --- signatures -------------------------------------------------------------------------
  'siginfo.read': method({
    summary: 'Read one sigdata/siginfo file (modern or legacy) with recomputed hashes.',
    input: z.strictObject({ path: PathSchema }),
    output: SigFileSchema,
  }),
  'siginfo.diff': method({
    summary: 'Compare two sig files as bitbake-diffsigs does (a = old, b = new).',
    input: z.strictObject({ a: PathSchema, b: PathSchema }),
    output: z.object({ a: SigFileSchema, b: SigFileSchema, identical: z.boolean(), diff: SigDiffSchema }),
  }),

  // --- analysis (why rebuilt, compare builds) ---------------------------------------------------
  'analysis.explainTask': method({
    summary: "One task's signature diff against another build (or its previous run) and its root causes.",
    input: z.strictObject({
      ...ws,
      /** Build id of the task's build. */
      build: z.string().min(1),
      /** `[mc:]<pn>:do_<task>`. */
      task: z.string().min(1).max(400),
      /** Build id to compare with; absent = the task's previous signature in the same build. */
      against: z.string().min(1).optional(),
    }),
    output: TaskExplanationSchema,
  }),
  'analysis.compareBuilds': method({
    summary: 'Two builds compared by signature: changed tasks, miss reasons, grouped by root cause.',
    job: true,
    input: z.strictObject({ ...ws, a: z.string().min(1), b: z.string().min(1), ...job }),
    output: RootCauseComparisonSchema,
  }),

  // --- outhash ----------------------------------------------------------------------------
  'outhash.compute': method({
    summary: 'OEOuthashBasic of a directory or an sstate archive (streamed, never extracted).',
    job: true,
    input: z.strictObject({
      path: PathSchema,
      params: OuthashParamsSchema,
      lines: z.boolean().optional(),
      ...job,
    }),
    output: OuthashResultSchema,
  }),
  'outhash.verify': method({
    summary: 'Recompute an outhash and compare it with an expected value.',
    job: true,
    input: z.strictObject({ path: PathSchema, params: OuthashParamsSchema, expected: HashSchema, ...job }),
    output: z.object({ result: OuthashResultSchema, expected: z.string(), matches: z.boolean() }),
  }),
  'outhash.diff': method({
    summary: 'Entry-by-entry difference of two outhash sigtexts (trees, archives or depsig files).',
    job: true,
    input: z.strictObject({ a: PathSchema, b: PathSchema, params: OuthashParamsSchema, ...job }),
    output: z.object({
      a: OuthashResultSchema,
      b: OuthashResultSchema,
      same: z.boolean(),
      header: z.array(OuthashLineDiffSchema),
      entries: z.array(OuthashLineDiffSchema),
    }),
  }),

  // --- hash equivalence server --------------------------------------------------------------
  'server.connect': method({
    summary: 'Connect to a hash equivalence server and check who we are there.',
    input: z.strictObject({ server: ServerTargetSchema }),
    output: ServerInfoSchema,
  }),
  'server.compare': method({
    summary: "Ask a server about every task of a workspace; fills the rows' server column.",
    job: true,
    input: z.strictObject({ ...ws, server: ServerTargetSchema, build: z.string().optional(), ...job }),
    output: SyncResultSchema,
  }),
  'server.reportPreview': method({
    summary: 'Dry run: what reporting local outhashes to a server would do (read-only).',
    job: true,
    input: z.strictObject({
      ...ws,
      server: ServerTargetSchema,
      build: z.string().optional(),
      keys: z.array(z.string()).max(100_000).optional(),
      ...job,
    }),
    output: ReportPreviewSchema,
  }),
  'server.report': method({
    summary: 'Send the reports of a preview the user confirmed (the only write we ever make).',
    job: true,
    input: z.strictObject({ ...ws, server: ServerTargetSchema, confirmation: z.string().min(1), ...job }),
    output: ReportOutcomeSchema,
  }),
  'server.stats': method({
    summary: "A server's request statistics (get-stats; read-only).",
    input: z.strictObject({ server: ServerTargetSchema }),
    output: ServerStatsSchema,
  }),
  'server.forgetToken': method({
    summary: 'Delete the saved token of a server address.',
    input: z.strictObject({ address: z.string().min(1) }),
    output: z.object({ forgotten: z.boolean() }),
  }),

  // --- files on the engine's machine ------------------------------------------------------
  'fs.complete': method({
    summary:
      'Directory completion for a path typed on the machine running the engine (web mode has no drop).',
    input: z.strictObject({ prefix: z.string().max(4096) }),
    output: z.object({
      /** The directory listed (absolute), or null when the prefix names none. */
      dir: z.string().nullable(),
      entries: z.array(
        z.object({
          name: z.string(),
          path: z.string(),
          isDir: z.boolean(),
          /** A BitBake build directory (has conf/local.conf), worth offering first. */
          isBuild: z.boolean(),
        }),
      ),
    }),
  }),

  // --- runs (event logs) ------------------------------------------------------------------
  'runs.list': method({
    summary: "What actually ran: each logged build's outcome summary and task outcomes (event logs).",
    input: z.strictObject({ ...ws, build: z.string().min(1).optional() }),
    output: RunsListSchema,
  }),

  // --- jobs -------------------------------------------------------------------------------
  'job.cancel': method({
    summary: 'Cancel a running long job by its id.',
    input: z.strictObject({ jobId: JobIdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  }),
} as const;

/** The method table's type. */
export type Methods = typeof METHODS;
/** Every method name. */
export type MethodName = keyof Methods;
/** What a caller passes (defaults not yet applied). */
export type MethodInput<N extends MethodName> = z.input<Methods[N]['input']>;
/** What a handler receives (validated, defaults applied). */
export type MethodParams<N extends MethodName> = z.output<Methods[N]['input']>;
/** What a method answers. */
export type MethodOutput<N extends MethodName> = z.output<Methods[N]['output']>;

/** Every method name, in table order (the preload builds one function per name from this). */
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

/** Type guard: is this string a method of the table? */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

/** The API as a caller sees it: one async function per method. */
export type Api = { [N in MethodName]: (input: MethodInput<N>) => Promise<MethodOutput<N>> };
