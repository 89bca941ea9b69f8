/**
 * "What actually ran": the outcome column of a build's task rows, from its BitBake event logs
 * (spec eventlog.md §6, derived by analysis/run-outcomes).
 *
 * Which build: only the LATEST logged build counts — the rows describe the build directory as it is
 * now, and the last `bitbake` run is what left it so. Logs are ordered by the UTC time stamp in
 * their names (`YYYYMMDDHHMMSS.json`, `bitbake_eventlog_<time>.json`), else by modification time,
 * then path; within one file (a memory-resident server may append several builds) by order.
 * Builds without run-queue tasks (`bitbake -p`, `-e`, parse errors) are not "what ran" and are passed
 * over, so a parse-only command does not blank the column.
 *
 * Matching a logged task to a row (rows are one per build + mc + PN + task + taskhash):
 * 1. the row with the same mc, PN, task and the taskhash that decided the outcome — exact;
 * 2. else the current row (`latest`) of that mc + PN + task, but only when its taskhash is
 *    unknown (a row made from a stamp or sstate name alone) and its unihash, when known, does not
 *    contradict the log (equals the log's unihash or, as stamps of unchanged tasks are named, its
 *    taskhash). A row whose taskhash is known and different describes another signature of the
 *    task (an older stamp, a later unlogged build): giving it this run's outcome would be false, so
 *    it stays null and the task counts as `unmatched`.
 *
 * Vocabulary (analysis TaskOutcome -> row TaskOutcome): failed, ran, restored, covered, skipped map
 * to themselves; `incomplete` (started, never finished: build interrupted) and `not-run` (in the
 * run queue, never started: an earlier failure stopped the build) both become `not-reached`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ERROR_CODES, InspectorError, assertNever, toErrorInfo } from '../../../shared/model/errors';
import type { ErrorCode, ErrorInfo } from '../../../shared/model/errors';
import type { SourceInfo } from '../../../shared/model/sources';
import type { TaskOutcome } from '../../../shared/model/tasks';
import { analyzeEventLogFile } from '../analysis/run-outcomes-file';
import type { BuildRunTable, TaskRunRow } from '../analysis/run-outcomes';
import type { TaskOutcome as RunOutcome } from '../analysis/run-outcomes';
import { pnFromRecipeFile } from './unihash-cache-facts';

/** A row's identity as TaskIndex/Workspace.rowIdentities yields it (the fields used here). */
export interface OutcomeRowIdentity {
  key: string;
  mc: string;
  pn: string | null;
  task: string | null;
  taskhash: string | null;
  unihash: string | null;
  latest: boolean;
}

/** What the outcomes are written to: a TaskIndex or a Workspace. */
export interface OutcomeTarget {
  rowIdentities(build?: string): Iterable<OutcomeRowIdentity>;
  setOutcomes(byKey: Record<string, TaskOutcome | null>): number;
}

/** The latest logged build of a set of event logs. */
export interface LatestRun {
  file: string;
  table: BuildRunTable;
}

/** What ingesting a build's event logs did. */
export interface EventLogIngestResult {
  /** The log and build the outcomes came from; null when no log had a build with tasks. */
  latest: { file: string; firstLine: number; lastLine: number } | null;
  /** Logged tasks whose row was found by taskhash. */
  matched: number;
  /** Logged tasks given to the current row by mc + PN + task (row taskhash unknown). */
  fallback: number;
  /** Logged tasks with no row that can honestly take their outcome. */
  unmatched: number;
  /** Rows whose outcome was set. */
  rows: number;
}

/** Maps the event-log analysis outcome onto the row vocabulary (see the module comment). */
export function toRowOutcome(o: RunOutcome): TaskOutcome {
  switch (o) {
    case 'failed':
    case 'ran':
    case 'restored':
    case 'covered':
    case 'skipped':
      return o;
    case 'incomplete':
    case 'not-run':
      return 'not-reached';
    default:
      return assertNever(o, 'run outcome');
  }
}

/** PN of a logged task: DepTreeGenerated's, else derived from its recipe file and variant. */
export function pnOfRun(t: TaskRunRow): string {
  if (t.pn) return t.pn;
  return pnFromRecipeFile(t.variant ? `virtual:${t.variant}:${t.recipe_file}` : t.recipe_file);
}

/** The 14-digit time stamp in a default event log name, or null. */
function nameStamp(file: string): string | null {
  return /(?:^|_)(\d{14})\.json$/.exec(path.basename(file))?.[1] ?? null;
}

/** Orders log files oldest first (module comment). */
export function compareLogs(
  a: { file: string; mtimeMs: number },
  b: { file: string; mtimeMs: number },
): number {
  const sa = nameStamp(a.file);
  const sb = nameStamp(b.file);
  if (sa !== null && sb !== null && sa !== sb) return sa < sb ? -1 : 1;
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** The latest build that has run-queue tasks, over logs given oldest first. */
export function latestRun(logs: ReadonlyArray<{ file: string; builds: BuildRunTable[] }>): LatestRun | null {
  for (let i = logs.length - 1; i >= 0; i--) {
    const log = logs[i]!;
    for (let j = log.builds.length - 1; j >= 0; j--) {
      const table = log.builds[j]!;
      if (table.tasks.length > 0) return { file: log.file, table };
    }
  }
  return null;
}

/** Row keys -> outcomes for the tasks of `table` (module comment for the rules). */
export function matchOutcomes(
  table: BuildRunTable,
  rows: Iterable<OutcomeRowIdentity>,
): { byKey: Record<string, TaskOutcome>; matched: number; fallback: number; unmatched: number } {
  const byTaskhash = new Map<string, OutcomeRowIdentity>();
  const current = new Map<string, OutcomeRowIdentity>();
  const id = (mc: string, pn: string, task: string) => `${mc}\0${pn}\0${task}`;
  for (const r of rows) {
    if (r.pn === null || r.task === null) continue;
    const k = id(r.mc, r.pn, r.task);
    if (r.taskhash !== null) byTaskhash.set(`${k}\0${r.taskhash}`, r);
    if (r.latest) current.set(k, r);
  }
  const byKey: Record<string, TaskOutcome> = {};
  let matched = 0;
  let fallback = 0;
  let unmatched = 0;
  for (const t of table.tasks) {
    const k = id(t.mc, pnOfRun(t), t.taskname);
    const outcome = toRowOutcome(t.outcome);
    const exact = t.taskhash !== null ? byTaskhash.get(`${k}\0${t.taskhash}`) : undefined;
    if (exact) {
      byKey[exact.key] = outcome;
      matched++;
      continue;
    }
    const cur = current.get(k);
    const agrees =
      cur !== undefined &&
      cur.taskhash === null &&
      (cur.unihash === null || cur.unihash === t.unihash || cur.unihash === t.taskhash);
    if (cur && agrees) {
      byKey[cur.key] = outcome;
      fallback++;
    } else unmatched++;
  }
  return { byKey, matched, fallback, unmatched };
}

/** A decoding problem of one log line as an ErrorInfo (warning). */
export function lineWarning(file: string, e: { line: number; code: string; message: string }): ErrorInfo {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(e.code)
    ? (e.code as ErrorCode)
    : 'BAD_FORMAT';
  return { code, message: e.message, where: { file, line: e.line } };
}

/** At most this many undecodable lines of one log become warnings (then one line says how many more). */
const MAX_LINE_WARNINGS = 10;

/** Undecodable lines of a log read as warnings, bounded so a garbage file cannot flood the summary. */
function reportLineErrors(file: string, builds: BuildRunTable[], warnings: ErrorInfo[]): void {
  const errors = builds.flatMap((b) => b.errors);
  for (const e of errors.slice(0, MAX_LINE_WARNINGS)) warnings.push(lineWarning(file, e));
  if (errors.length > MAX_LINE_WARNINGS)
    warnings.push({
      code: 'BAD_FORMAT',
      message: `${errors.length - MAX_LINE_WARNINGS} more lines of this event log could not be decoded`,
      where: { file },
    });
}

/**
 * Reads the build's event-log sources (kind 'eventlog' of `sources`), newest first until one has
 * a build with tasks, and sets the outcome column of its rows from that latest logged build. A log that cannot be read becomes a source with status
 * 'error' and the others are still used; undecodable lines of the logs read become warnings.
 * Logs read get counts { builds, tasks } (+ matched, unmatched on the chosen one); older logs keep
 * discovery's.
 */
export async function ingestEventLogOutcomes(
  target: OutcomeTarget,
  build: string,
  sources: SourceInfo[],
  warnings: ErrorInfo[],
  opts: { signal?: AbortSignal } = {},
): Promise<EventLogIngestResult> {
  const none: EventLogIngestResult = { latest: null, matched: 0, fallback: 0, unmatched: 0, rows: 0 };
  // Order by name stamp / mtime first, then read newest first and stop at the first log with a
  // build that has tasks: a build dir collects one log per bitbake command, and only the latest
  // counts, so older logs (several MB each on a real OE build) are never decoded here.
  const files: Array<{ file: string; mtimeMs: number; source: SourceInfo }> = [];
  const fail = (s: SourceInfo, err: unknown) => {
    if (err instanceof InspectorError && err.code === 'CANCELLED') throw err;
    s.status = 'error';
    s.error = toErrorInfo(err);
  };
  for (const s of sources) {
    if (s.kind !== 'eventlog' || s.status === 'error') continue;
    try {
      files.push({ file: s.path, mtimeMs: (await stat(s.path)).mtimeMs, source: s });
    } catch (err) {
      fail(s, err);
    }
  }
  files.sort(compareLogs);
  let latest: LatestRun | null = null;
  let src: SourceInfo | undefined;
  for (let i = files.length - 1; i >= 0 && !latest; i--) {
    const { file, source } = files[i]!;
    try {
      const runs = await analyzeEventLogFile(file, opts.signal ? { signal: opts.signal } : {});
      const tasks = runs.builds.reduce((n, b) => n + b.tasks.length, 0);
      source.counts = { builds: runs.builds.length, tasks };
      source.status = tasks > 0 ? 'ok' : 'empty';
      reportLineErrors(file, runs.builds, warnings);
      latest = latestRun([runs]);
      src = source;
    } catch (err) {
      fail(source, err);
    }
  }
  if (!latest) return none;
  const m = matchOutcomes(latest.table, target.rowIdentities(build));
  const rows = target.setOutcomes(m.byKey);
  if (src) src.counts = { ...src.counts, matched: m.matched + m.fallback, unmatched: m.unmatched };
  return {
    latest: { file: latest.file, firstLine: latest.table.first_line, lastLine: latest.table.last_line },
    matched: m.matched,
    fallback: m.fallback,
    unmatched: m.unmatched,
    rows,
  };
}
