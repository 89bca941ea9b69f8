/**
 * Schemas of the analysis answers (electron/services/analysis): one task explained with its
 * signature diff and root causes, and two builds compared with every changed task grouped by
 * root cause. The engine's TypeScript interfaces are structurally checked against these by the
 * handlers (electron/services/api/analysis-handlers.ts), so a drift fails to compile there.
 */
import { z } from 'zod';
import { ErrorInfoSchema } from '../model/tasks';
import { SigDiffSchema } from './domain-schemas';

/** Why a task is a root cause (own inputs changed, or we could not look further). */
export const RootKindSchema = z.enum([
  'ignore-list',
  'taskdeps',
  'variable',
  'file',
  'dependency-set',
  'taint',
  'unihash-only',
  'missing-sigdata',
  'unexplained',
]);
/** One of RootKindSchema's values. */
export type RootKind = z.infer<typeof RootKindSchema>;

/** Host-specific content found in a hashed value (shared/model/sig-diff-leaks.ts Leak). */
export const LeakSchema = z.object({
  variable: z.string(),
  kind: z.enum(['build-path', 'home-path', 'absolute-path', 'date', 'time', 'user', 'host']),
  match: z.string(),
  detail: z.string().optional(),
  line: z.number(),
});
/** One leak finding. */
export type LeakInfo = z.infer<typeof LeakSchema>;

/** A task whose own inputs changed (or whose signature is missing). */
export const RootCauseSchema = z.object({
  task: z.string(),
  kinds: z.array(RootKindSchema),
  hashA: z.string(),
  hashB: z.string(),
  fileA: z.string().optional(),
  fileB: z.string().optional(),
  diff: SigDiffSchema.optional(),
});
/** A root cause. */
export type RootCauseInfo = z.infer<typeof RootCauseSchema>;

/** A signature that was needed and not found. */
export const MissingSigSchema = z.object({
  task: z.string(),
  hash: z.string(),
  side: z.enum(['a', 'b']),
  neededBy: z.string(),
  expected: z.array(z.string()),
  error: ErrorInfoSchema.optional(),
});

/** Root causes of one task's change, each with its dependency path (start task first). */
export const RootCauseReportSchema = z.object({
  task: z.string(),
  roots: z.array(RootCauseSchema),
  paths: z.array(z.object({ root: z.string(), path: z.array(z.string()) })),
  missing: z.array(MissingSigSchema),
  cycles: z.array(z.array(z.string())),
});
/** Root causes of one task's change. */
export type RootCauseReportInfo = z.infer<typeof RootCauseReportSchema>;

/** What went into one signature's hash. */
export const SigSummarySchema = z.object({
  file: z.string(),
  format: z.enum(['modern-zstd-json', 'legacy-pickle']),
  taskhash: z.string().optional(),
  unihash: z.string().optional(),
  basehash: z.string(),
  basehashMatches: z.boolean(),
  taskhashMatches: z.boolean().optional(),
  variables: z.number(),
  dependencies: z.array(z.object({ task: z.string(), hash: z.string() })),
  files: z.array(z.object({ file: z.string(), checksum: z.string().nullable() })),
  taint: z.string().optional(),
});

/** One task explained: its signature, and the diff + root causes against the other side. */
export const TaskExplanationSchema = z.object({
  build: z.string(),
  task: z.string(),
  current: SigSummarySchema,
  leaks: z.array(LeakSchema),
  comparedWith: z
    .object({
      kind: z.enum(['other-build', 'previous-in-build']),
      build: z.string(),
      summary: SigSummarySchema.optional(),
      status: z.enum(['same', 'changed', 'missing']),
      diff: SigDiffSchema.optional(),
      messages: z.array(z.string()).optional(),
      rootCauses: RootCauseReportSchema.optional(),
    })
    .optional(),
});
/** One task explained. */
export type TaskExplanationInfo = z.infer<typeof TaskExplanationSchema>;

/** Why a task of one build cannot reuse the other's result. */
export const MissKindSchema = z.enum([
  'variable',
  'file-checksum',
  'taint',
  'dependency-set',
  'dependency-only',
  'unihash-only',
  'no-sstate-object',
  'missing-sigdata',
  'unexplained',
]);
/** One miss classification. */
export type MissKind = z.infer<typeof MissKindSchema>;

/** One task present in both builds. */
export const ComparedTaskSchema = z.object({
  task: z.string(),
  status: z.enum(['changed', 'unchanged']),
  change: z.enum(['taskhash', 'unihash', 'both']).optional(),
  taskhashA: z.string().optional(),
  taskhashB: z.string().optional(),
  unihashA: z.string().optional(),
  unihashB: z.string().optional(),
  miss: z.array(MissKindSchema),
  roots: z.array(z.string()).optional(),
  sstate: z.object({ a: z.boolean(), b: z.boolean() }).optional(),
});
/** One compared task. */
export type ComparedTaskInfo = z.infer<typeof ComparedTaskSchema>;

/** Two builds compared by signature, changed tasks grouped by root cause (biggest group first). */
export const RootCauseComparisonSchema = z.object({
  a: z.string(),
  b: z.string(),
  counts: z.object({
    onlyA: z.number().int(),
    onlyB: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    taskhashChanged: z.number().int(),
    unihashOnly: z.number().int(),
    bothChanged: z.number().int(),
  }),
  onlyA: z.array(z.string()),
  onlyB: z.array(z.string()),
  changed: z.array(ComparedTaskSchema),
  /** Not sent (can be the whole build); its size is counts.unchanged. */
  causes: z.array(
    z.object({ root: RootCauseSchema, leaks: z.array(LeakSchema), affected: z.array(z.string()) }),
  ),
  missing: z.array(MissingSigSchema),
  cycles: z.array(z.array(z.string())),
  problems: z.array(ErrorInfoSchema),
});
/** Two builds compared by signature. */
export type RootCauseComparison = z.infer<typeof RootCauseComparisonSchema>;
