/**
 * Zod schemas for the domain shapes that cross the API but whose TypeScript types live in
 * shared/model as plain interfaces (progress, sig files, sig diffs, server sync, reports).
 * Each schema is annotated with the model type, so the compiler rejects any drift between the
 * two. Shapes that shared/model/tasks.ts already defines as schemas are imported, never redone.
 */
import { z } from 'zod';
import type { Progress } from '../model/progress';
import type { SigData, SigFile } from '../model/sigdata';
import type { SetChange, SigDiff, VariableChange } from '../model/sig-diff';
import type { WordDiff } from '../model/word-diff';
import type {
  ReportOutcome,
  ReportPreview,
  ReportPreviewItem,
  OuthashReportInput,
  SyncResult,
  SyncTaskResult,
  SyncSummary,
} from '../model/server-sync';
import { ServerStatusSchema } from '../model/tasks';

/** A lowercase hex hash (sha256 in current BitBake; shorter in old or test data). */
export const HashSchema = z.string().regex(/^[0-9a-f]{1,128}$/, 'expected a lowercase hex hash');

/** An absolute or relative filesystem path as the user gave it (never empty, no NUL). */
export const PathSchema = z
  .string()
  .min(1, 'a path is required')
  .max(4096)
  .refine((p) => !p.includes('\u0000'), 'a path cannot contain NUL');

/** Progress of a long job (shared/model/progress.ts). */
export const ProgressSchema: z.ZodType<Progress> = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number().optional(),
  current: z.string().optional(),
});

/** SigData (shared/model/sigdata.ts) at the boundary. */
export const SigDataSchema: z.ZodType<SigData> = z.object({
  task: z.string(),
  basehashIgnoreVars: z.array(z.string()),
  taskhashIgnoreTasks: z.string().nullable(),
  taskdeps: z.array(z.string()),
  basehash: z.string(),
  gendeps: z.record(z.string(), z.array(z.string())),
  varvals: z.record(z.string(), z.string().nullable()),
  runtaskdeps: z.array(z.string()).optional(),
  runtaskhashes: z.record(z.string(), z.string()).optional(),
  fileChecksumValues: z.array(z.tuple([z.string(), z.string().nullable()])).optional(),
  taskhash: z.string().optional(),
  unihash: z.string().optional(),
  taint: z.string().optional(),
});

/** SigFile (shared/model/sigdata.ts): a sig file as read, with recomputed hashes. */
export const SigFileSchema: z.ZodType<SigFile> = z.object({
  path: z.string(),
  format: z.enum(['modern-zstd-json', 'legacy-pickle']),
  data: SigDataSchema,
  computedBasehash: z.string(),
  computedTaskhash: z.string().optional(),
  basehashMatches: z.boolean(),
  taskhashMatches: z.boolean().optional(),
});

const SetChangeSchema: z.ZodType<SetChange> = z.object({
  a: z.array(z.string()),
  b: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});

const WordDiffSchema: z.ZodType<WordDiff> = z.object({
  runs: z.array(z.object({ op: z.enum(['=', '-', '+']), items: z.array(z.string()) })),
  whitespaceOnly: z.boolean(),
});

const VariableChangeSchema: z.ZodType<VariableChange> = z.discriminatedUnion('kind', [
  z.object({
    variable: z.string(),
    a: z.string().nullable(),
    b: z.string().nullable(),
    kind: z.literal('lines'),
    lines: z.array(z.string()),
  }),
  z.object({
    variable: z.string(),
    a: z.string().nullable(),
    b: z.string().nullable(),
    kind: z.literal('words'),
    words: WordDiffSchema,
  }),
  z.object({
    variable: z.string(),
    a: z.string().nullable(),
    b: z.string().nullable(),
    kind: z.literal('value'),
  }),
]);

const nullablePair = z.object({ a: z.string().nullable(), b: z.string().nullable() });
const fileChecksum = z.object({ file: z.string(), checksum: z.string().nullable() });
const taskHash = z.object({ task: z.string(), hash: z.string() });

/** SigDiff (shared/model/sig-diff.ts): the structured bitbake-diffsigs difference. */
export const SigDiffSchema: z.ZodType<SigDiff> = z.object({
  task: z.object({ a: z.string(), b: z.string() }),
  basehashIgnoreVars: SetChangeSchema.optional(),
  taskhashIgnoreTasks: nullablePair.optional(),
  taskdeps: SetChangeSchema.optional(),
  basehash: z.object({ a: z.string(), b: z.string() }).optional(),
  gendeps: z.object({
    changed: z.array(
      z.object({
        variable: z.string(),
        a: z.array(z.string()),
        b: z.array(z.string()),
        added: z.array(z.string()),
        removed: z.array(z.string()),
      }),
    ),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  variables: z.array(VariableChangeSchema),
  files: z.object({
    changed: z.array(z.object({ file: z.string(), a: z.string().nullable(), b: z.string().nullable() })),
    added: z.array(fileChecksum),
    removed: z.array(fileChecksum),
  }),
  runtaskdeps: z
    .object({
      a: z.array(z.string()),
      b: z.array(z.string()),
      countChanged: z.boolean(),
      idsChanged: z.boolean(),
      changed: z.array(z.object({ idA: z.string(), hashA: z.string(), idB: z.string(), hashB: z.string() })),
    })
    .optional(),
  runtaskhashes: z.object({
    added: z.array(taskHash),
    removed: z.array(taskHash),
    changed: z.array(z.object({ task: z.string(), a: z.string(), b: z.string() })),
  }),
  taint: nullablePair.optional(),
  taskhash: nullablePair.optional(),
  unihash: nullablePair.optional(),
});

const SyncTaskResultSchema: z.ZodType<SyncTaskResult> = z.object({
  key: z.string(),
  method: z.string(),
  taskhash: z.string(),
  localUnihash: z.string().optional(),
  serverUnihash: z.string().optional(),
  status: ServerStatusSchema,
  localUnihashOnServer: z.boolean().optional(),
});

const SyncSummarySchema: z.ZodType<SyncSummary> = z.object({
  total: z.number().int(),
  same: z.number().int(),
  different: z.number().int(),
  unknown: z.number().int(),
  serverOnly: z.number().int(),
  unihashesKnown: z.number().int(),
  unihashesUnknown: z.number().int(),
});

/** SyncResult (shared/model/server-sync.ts): what a server says about the workspace's tasks. */
export const SyncResultSchema: z.ZodType<SyncResult> = z.object({
  server: z.string(),
  checkedAt: z.string(),
  tasks: z.array(SyncTaskResultSchema),
  summary: SyncSummarySchema,
});

const OuthashReportInputSchema: z.ZodType<OuthashReportInput> = z.object({
  method: z.string(),
  taskhash: z.string(),
  outhash: z.string(),
  unihash: z.string(),
  owner: z.string().optional(),
  PN: z.string().optional(),
  PV: z.string().optional(),
  PR: z.string().optional(),
  task: z.string().optional(),
});

const ReportPreviewItemSchema: z.ZodType<ReportPreviewItem> = z.object({
  report: OuthashReportInputSchema,
  prediction: z.enum(['known', 'equivalent', 'new']),
  predictedUnihash: z.string(),
});

/** ReportPreview: the dry run shown to the user before anything is written to a server. */
export const ReportPreviewSchema: z.ZodType<ReportPreview> = z.object({
  server: z.string(),
  items: z.array(ReportPreviewItemSchema),
  toSend: z.number().int(),
  confirmation: z.string(),
});

/** ReportOutcome: what a confirmed report sent, and the server's answers. */
export const ReportOutcomeSchema: z.ZodType<ReportOutcome> = z.object({
  server: z.string(),
  sent: z.number().int(),
  results: z.array(z.object({ method: z.string(), taskhash: z.string(), unihash: z.string() })),
});
