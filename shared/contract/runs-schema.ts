/**
 * `runs.list`: what actually ran in each build recorded by a workspace build's event logs
 * (electron/services/analysis/run-outcomes), for views that need more than the Tasks table's
 * outcome column (per-build summaries, tasks that have no row, the build the column came from).
 */
import { z } from 'zod';
import { ErrorInfoSchema, TaskOutcomeSchema } from '../model/tasks';
import { HashSchema } from './domain-schemas';

/** The run-queue outcomes of the event-log analysis (spec eventlog.md §6). */
export const RunOutcomeSchema = z.enum([
  'failed',
  'ran',
  'restored',
  'covered',
  'skipped',
  'incomplete',
  'not-run',
]);

/** One run-queue task of one logged build. */
export const RunTaskSchema = z.object({
  tid: z.string(),
  mc: z.string(),
  pn: z.string(),
  /** With `do_`. */
  task: z.string(),
  /** As in the log. */
  runOutcome: RunOutcomeSchema,
  /** As the Tasks table shows it (incomplete / not-run -> not-reached). */
  outcome: TaskOutcomeSchema,
  /** Taskhash of the event that decided the outcome (null when the task never started). */
  taskhash: HashSchema.nullable(),
  /** Last unihash the server changed it to in this build, if any. */
  unihash: HashSchema.nullable(),
});

/** One logged build (one `bitbake` command) of an event log file. */
export const LoggedBuildSchema = z.object({
  firstLine: z.number().int(),
  lastLine: z.number().int(),
  /** The build the Tasks table's outcome column comes from. */
  latest: z.boolean(),
  runqueueTasks: z.number().int(),
  /** Outcome counts plus ran_noexec, setscene_failed, unihash_updated; zero counts omitted. */
  summary: z.record(z.string(), z.number()),
  /** Lines that could not be decoded. */
  problems: z.array(ErrorInfoSchema),
  tasks: z.array(RunTaskSchema),
});

/** One event log file of a workspace build. */
export const RunLogSchema = z.object({
  file: z.string(),
  error: ErrorInfoSchema.optional(),
  builds: z.array(LoggedBuildSchema),
});

/** The answer of `runs.list`: per workspace build, its event logs oldest first. */
export const RunsListSchema = z.object({
  builds: z.array(z.object({ build: z.string(), logs: z.array(RunLogSchema) })),
});
/** The answer of `runs.list`. */
export type RunsList = z.infer<typeof RunsListSchema>;
