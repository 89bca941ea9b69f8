/**
 * The workspace's task index as it crosses the API: queries, rows, pages, facets, equivalence
 * classes and summaries. One zod schema per shape; the TypeScript types are inferred from them
 * (never written twice). Produced by electron/services/workspace, consumed by the contract, the CLI's
 * JSON output and the renderer.
 *
 * A *task row* is one (build, mc, PN, task, taskhash): the same task seen with two taskhashes (two
 * runs) is two rows. Every source that knows something about that row contributes a value; when the
 * sources disagree on the unihash, the row shows each value so the disagreement is visible.
 */
import { z } from 'zod';
import type { ErrorInfo } from './errors';
import { ERROR_CODES } from './errors';
import type { SourceInfo } from './sources';
import { SOURCE_KINDS } from './sources';

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** A 64-hex (or shorter, for prefixes) lowercase hash as stored by BitBake. */
const hash = z.string();

/** ErrorInfo at the boundary (the type itself lives in errors.ts). */
export const ErrorInfoSchema: z.ZodType<ErrorInfo> = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  where: z
    .object({
      file: z.string().optional(),
      offset: z.number().optional(),
      line: z.number().optional(),
      entry: z.string().optional(),
    })
    .optional(),
});

/** SourceInfo at the boundary (the type itself lives in sources.ts; this only validates it). */
export const SourceInfoSchema: z.ZodType<SourceInfo> = z.object({
  kind: z.enum(SOURCE_KINDS),
  path: z.string(),
  status: z.enum(['ok', 'error', 'empty']),
  error: ErrorInfoSchema.optional(),
  mc: z.string().optional(),
  counts: z.record(z.string(), z.number()).optional(),
  detected: z
    .object({
      schema: z.enum(['tasks_v1', 'tasks_v2', 'split_v2', 'v3']).optional(),
      version: z.string().optional(),
      release: z.string().optional(),
      journal: z.enum(['wal', 'rollback']).optional(),
    })
    .optional(),
  size: z.number().optional(),
  mtimeMs: z.number().optional(),
});

/** What a hash equivalence server says about a row's unihash (filled by the server-sync engineer). */
export const ServerStatusSchema = z.enum(['same', 'different', 'unknown', 'server-only']);
/** One of ServerStatusSchema's values. */
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

/** What happened to the task in the last build's event log (filled by the event-log engineer). */
export const TaskOutcomeSchema = z.enum(['ran', 'restored', 'covered', 'skipped', 'failed', 'not-reached']);
/** One of TaskOutcomeSchema's values. */
export type TaskOutcome = z.infer<typeof TaskOutcomeSchema>;

/**
 * Row filters (combined with AND):
 * - `equivalent`: the chosen unihash differs from the taskhash (folded into an older output)
 * - `disagree`: the sources give different unihashes for this taskhash
 * - `no-sstate` / `has-sstate`: whether an sstate archive named by the unihash exists
 * - `no-outhash`: no outhash recorded for the taskhash
 * - `multi-outhash`: more than one outhash for the taskhash (non-reproducible output)
 * - `shared-unihash`: the unihash is shared with another taskhash (class of 2+ members)
 * - `differs`: the server answers a different unihash (serverStatus 'different')
 * - `not-on-server`: serverStatus 'unknown'; `server-only`: known only to the server
 * - `ran`, `restored`, `failed`: the outcome column
 * - `multiconfig`: the row belongs to a multiconfig (mc != '')
 */
export const TASK_FILTERS = [
  'equivalent',
  'disagree',
  'no-sstate',
  'has-sstate',
  'no-outhash',
  'multi-outhash',
  'shared-unihash',
  'differs',
  'not-on-server',
  'server-only',
  'ran',
  'restored',
  'failed',
  'multiconfig',
] as const;
/** Zod schema of one filter name. */
export const TaskFilterSchema = z.enum(TASK_FILTERS);
/** One of TASK_FILTERS. */
export type TaskFilter = z.infer<typeof TaskFilterSchema>;

/** Columns a task page can be sorted by. */
export const TASK_SORT_COLUMNS = [
  'pn',
  'task',
  'mc',
  'taskhash',
  'unihash',
  'outhash',
  'build',
  'serverStatus',
  'outcome',
  'created',
] as const;
/** Zod schema of a sort column name. */
export const TaskSortColumnSchema = z.enum(TASK_SORT_COLUMNS);
/** One of TASK_SORT_COLUMNS. */
export type TaskSortColumn = z.infer<typeof TaskSortColumnSchema>;

/** Sort order of a page. */
export const SortSchema = z.object({
  column: TaskSortColumnSchema,
  dir: z.enum(['asc', 'desc']),
});
/** Sort order of a page. */
export type Sort = z.infer<typeof SortSchema>;

/** A hash prefix as a filter takes it: 1 to 64 hex digits, either case. */
export const HASH_PREFIX_RE = /^[0-9a-fA-F]{1,64}$/;
/** Zod schema of a hash prefix. */
export const HashPrefixSchema = z.string().regex(HASH_PREFIX_RE, 'expected 1 to 64 hex digits');

/** Largest page a query may ask for (the renderer never holds more). */
export const MAX_PAGE_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------
// Queries and pages
// ---------------------------------------------------------------------------------------------

/**
 * A page request over the task index. `search` matches recipe and task names (substring,
 * case-insensitive) and any hash (taskhash, unihash, outhash) by prefix.
 */
export const TaskQuerySchema = z.strictObject({
  search: z.string().max(200).optional(),
  /** Exact PN. */
  recipe: z.string().optional(),
  /** PN glob (`*` any run, `?` one character; case-insensitive), e.g. `*zl*` for "contains zl". */
  recipeGlob: z.string().min(1).max(200).optional(),
  /** Exact task name, with or without `do_`. */
  task: z.string().optional(),
  /** Task name glob like recipeGlob; `do_` is implied when it starts with a literal character. */
  taskGlob: z.string().min(1).max(200).optional(),
  /** Taskhash prefix (1 to 64 hex digits, either case). */
  taskhash: HashPrefixSchema.optional(),
  /** Prefix of the chosen unihash. */
  unihash: HashPrefixSchema.optional(),
  /** Prefix of the row's first outhash (the one the table shows). */
  outhash: HashPrefixSchema.optional(),
  /** Any of these server statuses. */
  serverStatus: z.array(ServerStatusSchema).min(1).optional(),
  /** Any of these outcomes in the logged build. */
  outcome: z.array(TaskOutcomeSchema).min(1).optional(),
  /** Exact multiconfig name ('' = default configuration). */
  mc: z.string().optional(),
  filters: z.array(TaskFilterSchema).optional(),
  /** Build id; absent = all builds of the workspace. */
  build: z.string().optional(),
  sort: SortSchema.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).default(100),
});
/** A validated task query (offset/limit always present). */
export type TaskQuery = z.infer<typeof TaskQuerySchema>;
/** A task query as a caller may write it (offset/limit optional). */
export type TaskQueryInput = z.input<typeof TaskQuerySchema>;

/** One source's opinion of a row's unihash. */
export const SourceUnihashSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  /** The source file or directory this value came from. */
  path: z.string(),
  unihash: hash,
});
/** One source's opinion of a row's unihash. */
export type SourceUnihash = z.infer<typeof SourceUnihashSchema>;

/** One row of the task table: one (build, mc, PN, task, taskhash). */
export const TaskRowSchema = z.object({
  /** Stable id of the row inside its workspace: `<build>|<mc>:<pn>:<task>:<taskhash>`. */
  key: z.string(),
  /** BitBake-style task id `<mc>:<pn>:<task>` (the bb_unihashes.dat key; mc '' = default). */
  tid: z.string(),
  build: z.string(),
  buildLabel: z.string(),
  mc: z.string(),
  /** PN, or null when only the hash is known (hashserv.db without task data). */
  pn: z.string().nullable(),
  /** Task name with `do_`, or null when unknown. */
  task: z.string().nullable(),
  /** The taskhash; null when only a unihash is known (e.g. an sstate object or a stamp alone). */
  taskhash: hash.nullable(),
  /** Every source's unihash for this row (several values = a disagreement). */
  unihashes: z.array(SourceUnihashSchema),
  /** The unihash we settle on: the build's own cache first, then hashserv.db, then stamps/sstate. */
  unihash: hash.nullable(),
  /** Outhashes recorded for the taskhash (usually one; more = non-reproducible output). */
  outhashes: z.array(hash),
  /** Earliest `created` of the outhash rows, as stored. */
  created: z.string().nullable(),
  /** Number of taskhashes sharing the chosen unihash (its equivalence class), 0 if unknown. */
  classSize: z.number().int(),
  sstate: z.boolean(),
  siginfo: z.boolean(),
  stamp: z.boolean(),
  sigdata: z.boolean(),
  depsig: z.boolean(),
  serverStatus: ServerStatusSchema.nullable(),
  outcome: TaskOutcomeSchema.nullable(),
});
/** One row of the task table. */
export type TaskRow = z.infer<typeof TaskRowSchema>;

/** A page of task rows and the total matching the query. */
export const TaskPageSchema = z.object({
  rows: z.array(TaskRowSchema),
  total: z.number().int(),
  offset: z.number().int(),
});
/** A page of task rows. */
export type TaskPage = z.infer<typeof TaskPageSchema>;

/** A value and how many rows have it. */
export const FacetCountSchema = z.object({ value: z.string(), count: z.number().int() });
/** A value and how many rows have it. */
export type FacetCount = z.infer<typeof FacetCountSchema>;

/**
 * Counts for the filter sidebar, computed over the rows matching the query *without* its own
 * recipe/task/filters restrictions for that facet (so a chosen recipe does not hide the others).
 */
export const TaskFacetsSchema = z.object({
  total: z.number().int(),
  recipes: z.array(FacetCountSchema),
  tasks: z.array(FacetCountSchema),
  mcs: z.array(FacetCountSchema),
  builds: z.array(FacetCountSchema),
  /** Rows matching each filter (alone, on top of the rest of the query). */
  filters: z.record(TaskFilterSchema, z.number().int()),
});
/** Counts for the filter sidebar. */
export type TaskFacets = z.infer<typeof TaskFacetsSchema>;

// ---------------------------------------------------------------------------------------------
// Equivalence classes
// ---------------------------------------------------------------------------------------------

/** One taskhash of an equivalence class. */
export const ClassMemberSchema = z.object({
  taskhash: hash,
  /** The first outhash reported for it (null: no outhash row, e.g. after gc or report-equiv). */
  outhash: hash.nullable(),
  pn: z.string().nullable(),
  task: z.string().nullable(),
  created: z.string().nullable(),
  /** The canonical member: the taskhash whose hash became the unihash. */
  canonical: z.boolean(),
});
/** One taskhash of an equivalence class. */
export type ClassMember = z.infer<typeof ClassMemberSchema>;

/** All taskhashes that share one unihash. */
export const EquivalenceClassSchema = z.object({
  unihash: hash,
  method: z.string(),
  members: z.array(ClassMemberSchema),
});
/** All taskhashes that share one unihash. */
export type EquivalenceClass = z.infer<typeof EquivalenceClassSchema>;

/** A page request over equivalence classes; `search` matches PN/task or any hash by prefix. */
export const ClassQuerySchema = z.object({
  search: z.string().max(200).optional(),
  build: z.string().optional(),
  /** Only classes with at least this many members (2 = real equivalences). */
  minMembers: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).default(100),
});
/** A validated class query. */
export type ClassQuery = z.infer<typeof ClassQuerySchema>;
/** A class query as a caller may write it. */
export type ClassQueryInput = z.input<typeof ClassQuerySchema>;

/** A page of equivalence classes. */
export const ClassPageSchema = z.object({
  rows: z.array(EquivalenceClassSchema),
  total: z.number().int(),
});
/** A page of equivalence classes. */
export type ClassPage = z.infer<typeof ClassPageSchema>;

// ---------------------------------------------------------------------------------------------
// One task in full
// ---------------------------------------------------------------------------------------------

/** A file that belongs to a task (stamp, sigdata, depsig, sstate archive...). */
export const TaskFileSchema = z.object({
  kind: z.enum(['stamp', 'setscene', 'sigdata', 'sigbasedata', 'taint', 'depsig', 'sstate', 'siginfo']),
  path: z.string(),
  /** The hash the file is named by (null for depsig/taint). */
  hash: hash.nullable(),
  mtimeMs: z.number().nullable(),
});
/** A file that belongs to a task. */
export type TaskFile = z.infer<typeof TaskFileSchema>;

/** One outhash report of the taskhash (from hashserv.db). */
export const OuthashReportSchema = z.object({
  method: z.string(),
  outhash: hash,
  created: z.string().nullable(),
  owner: z.string().nullable(),
  pv: z.string().nullable(),
  pr: z.string().nullable(),
  /** Whether the depsig text was stored with the report. */
  hasSiginfo: z.boolean(),
  source: z.string(),
});
/** One outhash report of the taskhash. */
export type OuthashReport = z.infer<typeof OuthashReportSchema>;

/** Everything the workspace knows about one row. */
export const TaskDetailSchema = z.object({
  row: TaskRowSchema,
  files: z.array(TaskFileSchema),
  reports: z.array(OuthashReportSchema),
  /** The equivalence class of the chosen unihash, when known. */
  equivalence: EquivalenceClassSchema.nullable(),
  /** Other rows of the same task (mc, PN, task) in the same build: earlier/later taskhashes. */
  siblings: z.array(z.object({ key: z.string(), taskhash: hash.nullable(), unihash: hash.nullable() })),
});
/** Everything the workspace knows about one row. */
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Comparing two builds
// ---------------------------------------------------------------------------------------------

/** How one task differs between two builds. */
export const BuildDiffKindSchema = z.enum(['taskhash', 'unihash', 'only-a', 'only-b']);
/** How one task differs between two builds. */
export type BuildDiffKind = z.infer<typeof BuildDiffKindSchema>;

/** One task (mc, PN, task) compared across two builds, using each build's latest row. */
export const BuildDiffRowSchema = z.object({
  tid: z.string(),
  mc: z.string(),
  pn: z.string(),
  task: z.string(),
  kind: BuildDiffKindSchema,
  a: z.object({ key: z.string(), taskhash: hash.nullable(), unihash: hash.nullable() }).nullable(),
  b: z.object({ key: z.string(), taskhash: hash.nullable(), unihash: hash.nullable() }).nullable(),
});
/** One task compared across two builds. */
export type BuildDiffRow = z.infer<typeof BuildDiffRowSchema>;

/** The tasks of two builds that differ in taskhash or unihash (or exist in one only). */
export const BuildComparisonSchema = z.object({
  a: z.string(),
  b: z.string(),
  /** Tasks present in both with identical taskhash and unihash. */
  same: z.number().int(),
  rows: z.array(BuildDiffRowSchema),
});
/** The result of compareBuilds. */
export type BuildComparison = z.infer<typeof BuildComparisonSchema>;

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

/** Counts over one build's (or the workspace's) rows. */
export const TaskCountsSchema = z.object({
  rows: z.number().int(),
  recipes: z.number().int(),
  tasks: z.number().int(),
  /** Distinct unihashes among the rows. */
  unihashes: z.number().int(),
  /** Rows whose unihash differs from their taskhash. */
  equivalent: z.number().int(),
  /** Rows whose sources disagree on the unihash. */
  disagree: z.number().int(),
  withSstate: z.number().int(),
  /** Equivalence classes with 2+ members. */
  classes: z.number().int(),
});
/** Counts over rows. */
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

/** One build (a group of sources, e.g. one build directory) of the workspace. */
export const BuildSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The paths given for it (absolute). */
  inputs: z.array(z.string()),
  /** The build directory recognised (TOPDIR), or null. */
  root: z.string().nullable(),
  sources: z.array(SourceInfoSchema),
  multiconfigs: z.array(z.string()),
  counts: TaskCountsSchema,
  /** Problems that did not stop indexing. */
  warnings: z.array(ErrorInfoSchema),
  /** Milliseconds spent discovering and indexing. */
  indexMs: z.number(),
});
/** One build of the workspace. */
export type BuildSummary = z.infer<typeof BuildSummarySchema>;

/** The whole workspace: its builds and totals. */
export const WorkspaceSummarySchema = z.object({
  id: z.string(),
  builds: z.array(BuildSummarySchema),
  counts: TaskCountsSchema,
});
/** The whole workspace. */
export type WorkspaceSummary = z.infer<typeof WorkspaceSummarySchema>;
