import { readEventLog } from '../sources/eventlog/eventlog-reader';
import { findEventLogs } from '../sources/eventlog/eventlog-files';
import { throwIfCancelled } from '../jobs/cancel';
import type { ProgressFn } from '../../../shared/model/progress';
import { RunOutcomeBuilder, isOutcomeRelevantClass } from './run-outcomes';
import type { BuildRunTable } from './run-outcomes';

/** The builds of one event log file. */
export interface EventLogRuns {
  file: string;
  builds: BuildRunTable[];
}

/**
 * Reads one event log and derives every build's task outcomes. Only the classes the derivation
 * needs are decoded (a real OE log's MultiConfigParsed datastores are large and irrelevant here).
 */
export async function analyzeEventLogFile(
  file: string,
  opts: { signal?: AbortSignal; maxLineBytes?: number } = {},
): Promise<EventLogRuns> {
  const builder = new RunOutcomeBuilder(file);
  let n = 0;
  for await (const e of readEventLog(file, {
    decode: isOutcomeRelevantClass,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.maxLineBytes !== undefined ? { maxLineBytes: opts.maxLineBytes } : {}),
  })) {
    if (++n % 256 === 0) throwIfCancelled(opts.signal);
    builder.add(e);
  }
  return { file, builds: builder.finish() };
}

/**
 * Finds the event logs of a build directory, a TMPDIR or one log file (see findEventLogs) and
 * analyzes each, in path order.
 */
export async function analyzeBuildRuns(
  target: string,
  opts: { signal?: AbortSignal; onProgress?: ProgressFn } = {},
): Promise<EventLogRuns[]> {
  const files = await findEventLogs(target);
  const out: EventLogRuns[] = [];
  for (const [i, file] of files.entries()) {
    throwIfCancelled(opts.signal);
    opts.onProgress?.({ phase: 'eventlog', done: i, total: files.length, current: file });
    out.push(await analyzeEventLogFile(file, opts.signal ? { signal: opts.signal } : {}));
  }
  opts.onProgress?.({ phase: 'eventlog', done: files.length, total: files.length });
  return out;
}
