/**
 * Schemas of shapes that exist only at the API boundary: job ids, workspace listings, exports,
 * outhash requests and results, server targets, application info. Domain shapes come from
 * shared/model (tasks.ts) and ./domain-schemas.
 */
import { z } from 'zod';
import { ErrorInfoSchema, SourceInfoSchema } from '../model/tasks';
import { HashSchema, PathSchema, ProgressSchema } from './domain-schemas';

/** Client-chosen id of a long job: progress events carry it and `job.cancel` takes it. */
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'job ids are 1-64 of [A-Za-z0-9_.:-]');

/** Id of an open workspace (as returned in WorkspaceSummary.id). */
export const WorkspaceIdSchema = z.string().min(1).max(200);

/** 1 to 64 paths given by the user (build dirs, caches, single files). */
export const PathListSchema = z.array(PathSchema).min(1, 'give at least one path').max(64);

/** A recently opened set of paths (Open Recent). */
export const RecentEntrySchema = z.object({
  paths: z.array(z.string()),
  label: z.string(),
  /** ISO-8601 time of the last open. */
  openedAt: z.string(),
});
/** A recently opened set of paths. */
export type RecentEntry = z.infer<typeof RecentEntrySchema>;

/** One source of one build, flattened for the Sources view (errors included). */
export const SourceEntrySchema = z.object({
  build: z.string(),
  buildLabel: z.string(),
  source: SourceInfoSchema,
});
/** One source of one build. */
export type SourceEntry = z.infer<typeof SourceEntrySchema>;

/** Export formats of the task table. */
export const ExportFormatSchema = z.enum(['csv', 'json']);

/** Largest export, in rows: beyond it the user is asked to narrow the filter (TOO_LARGE). */
export const MAX_EXPORT_ROWS = 1_000_000;

/** The text of an export, for the front door to save (Electron dialog) or download (web). */
export const ExportResultSchema = z.object({
  format: ExportFormatSchema,
  /** A suggested file name, e.g. `tasks-2026-11-25.csv`. */
  filename: z.string(),
  mime: z.string(),
  rows: z.number().int(),
  content: z.string(),
});
/** The text of an export. */
export type ExportResult = z.infer<typeof ExportResultSchema>;

/**
 * The inputs of OEOuthashBasic other than the tree (spec/outhash.md §1.2). `task` is the sstate
 * task name without `do_` (`populate_sysroot`, `package`, ...).
 */
export const OuthashParamsSchema = z.strictObject({
  /** The task (`populate_sysroot`, `do_` optional); for an sstate archive its name tells it when absent. */
  task: z.string().min(1).optional(),
  /** SSTATE_PKGSPEC; for an sstate archive it is derived from the archive name when absent. */
  pkgspec: z.string().optional(),
  /** HASHEQUIV_HASH_VERSION ('' or absent = not written). */
  hashVersion: z.string().optional(),
  /** HASHEQUIV_EXTRA_SIGDATA. */
  extraSigdata: z.string().optional(),
  /** The PSEUDO_DISABLED environment value ('0' includes owners). */
  pseudoDisabled: z.string().optional(),
  /** SOURCE_DATE_EPOCH as text (the datastore value), required by the `package` task. */
  sourceDateEpoch: z.string().optional(),
  /** SSTATE_HASHEQUIV_FILEMAP. */
  filemap: z.string().optional(),
  /** BUILD_REPRODUCIBLE_BINARIES == "1" (read by formats F4..F7 only). */
  buildReproducibleBinaries: z.boolean().optional(),
  /** Which historical format to produce: F0..F11, a release name, or 'current' (default). */
  format: z.string().max(40).optional(),
});
/** The inputs of OEOuthashBasic other than the tree. */
export type OuthashParams = z.infer<typeof OuthashParamsSchema>;

/** The outhash of one tree (a directory or an sstate archive, streamed). */
export const OuthashResultSchema = z.object({
  path: z.string(),
  input: z.enum(['directory', 'archive', 'depsig']),
  outhash: HashSchema,
  /** Number of entries (lines after the header) in the sigtext. */
  entries: z.number().int(),
  /** The sigtext lines, when asked for (`lines: true`). */
  lines: z.array(z.string()).optional(),
});
/** The outhash of one tree. */
export type OuthashResult = z.infer<typeof OuthashResultSchema>;

/** One entry that differs between two sigtexts, keyed by the path at the end of the line. */
export const OuthashLineDiffSchema = z.object({
  path: z.string(),
  a: z.string().nullable(),
  b: z.string().nullable(),
});

/** A hash equivalence server to talk to. `token` absent = use the saved token, if any. */
export const ServerTargetSchema = z.strictObject({
  /** `host:port`, `[v6]:port`, `unix://path`, `ws://…`, `wss://…` (spec hashserv-protocol §1). */
  address: z.string().min(1).max(2048),
  username: z.string().max(256).optional(),
  token: z.string().max(4096).optional(),
  /** Keep the token (Electron: encrypted with the OS keychain; web mode: for this session only). */
  remember: z.boolean().optional(),
});
/** A hash equivalence server to talk to. */
export type ServerTarget = z.infer<typeof ServerTargetSchema>;

/** What connecting to a server found out. */
export const ServerInfoSchema = z.object({
  address: z.string(),
  /** Server version from the handshake/`ping`, when it says. */
  version: z.string().nullable(),
  /** The user we are authenticated as, or null (anonymous). */
  username: z.string().nullable(),
  permissions: z.array(z.string()),
  /** Round trip of one request, in milliseconds. */
  latencyMs: z.number(),
});
/** What connecting to a server found out. */
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

/** Which front door serves the renderer. */
export const AppModeSchema = z.enum(['electron', 'web']);

/** Application facts for the About box, the title bar and feature switches. */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppModeSchema,
  /** process.platform of the engine side. */
  platform: z.string(),
  docsUrl: z.string(),
});
/** Application facts. */
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** What a native open dialog picks: build directories, or single files (hashserv.db, sig files...). */
export const ChooseKindSchema = z.enum(['directory', 'files']);
/** What the picked paths are for: open a workspace, add a build to it, or compare with it. */
export const ChoosePurposeSchema = z.enum(['open', 'add', 'compare']);

/** `app.choosePaths` input: which dialog to show (the desktop shell answers it; others refuse). */
export const ChoosePathsInputSchema = z.strictObject({
  kind: ChooseKindSchema,
  purpose: ChoosePurposeSchema,
});
/** Which native dialog to show. */
export type ChoosePathsInput = z.infer<typeof ChoosePathsInputSchema>;

/** `app.choosePaths` output: the absolute paths picked, empty when the user cancelled. */
export const ChoosePathsOutputSchema = z.object({ paths: z.array(z.string()) });
/** The paths a native dialog gave back. */
export type ChoosePathsOutput = z.infer<typeof ChoosePathsOutputSchema>;

/** The envelope's error shape (ErrorInfo), re-exported for transports. */
export { ErrorInfoSchema, ProgressSchema };
