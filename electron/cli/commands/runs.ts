import { statSync } from 'node:fs';
import path from 'node:path';
import { InspectorError, formatErrorInfo, toErrorInfo } from '../../../shared/model/errors';
import type { UnihashCacheEntry } from '../../../shared/model/sources';
import { formatTaskId } from '../../../shared/model/task-id';
import { readUnihashCache } from '../../services/sources/unihashes';
import { joinUnihashCache } from '../../services/analysis/run-outcomes-unihash';
import { analyzeBuildRuns } from '../../services/analysis/run-outcomes-file';
import type { EventLogRuns } from '../../services/analysis/run-outcomes-file';
import { TASK_OUTCOMES } from '../../services/analysis/run-outcomes';
import type { BuildRunTable, TaskOutcome, TaskRunRow } from '../../services/analysis/run-outcomes';
import { parseCliArgs } from '../parse-cli-args';
import { writeJson } from '../command';
import type { CliCommand } from '../command';

const USAGE = `Usage: hashequiv runs BUILD [--outcome LIST] [--summary] [--unihash-cache FILE] [--json]

What actually ran in each build recorded by BitBake's event log (BB_DEFAULT_EVENTLOG, bitbake -w):
for every run-queue task its outcome — ran, restored (from sstate), covered, skipped, failed,
incomplete, not-run — with its taskhash and any unihash the hash equivalence server changed.

BUILD is a build directory (reads tmp*/log/eventlog/*.json), a TMPDIR, or one event log file.
Nothing is written; pickles in the log are decoded as data (class names stay inert).

Options:
  --outcome LIST  only list tasks with these outcomes (comma-separated, e.g. ran,failed)
  --summary       only the per-build summaries, no task table
  --unihash-cache FILE
                  join with this bb_unihashes.dat (default: BUILD/cache/bb_unihashes.dat when BUILD
                  is a build directory): the log records a unihash only when it changed; the cache
                  gives the one BitBake settled on, used when its taskhash matches the log's
  --json          print {target, unihash_cache, logs: [{file, builds: [{eventlog, first_line, last_line, lines,
                  summary, runqueue_tasks, last_stats, build, class_counts, allvariables_lines,
                  unihash_updates, metadata_events, stale_setscene_tasks, errors,
                  tasks: [{tid, mc, pn, taskname, taskfile, recipe_file, variant, outcome, noexec,
                  skip_reason, exitcode, setscene, setscene_exitcode, taskhash, taskhashes,
                  unihash, cached_unihash, events, worker}]}]}]}

Exit status: 0 ok, 1 some log lines could not be decoded (listed on stderr), 2 bad usage or no log.
`;

/** `hashequiv runs BUILD`: per-task outcomes of every build in the event logs. */
export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'Show what actually ran in each logged build (event log): ran, restored, covered, failed...',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCliArgs(
      args,
      {
        json: { type: 'boolean' },
        summary: { type: 'boolean' },
        outcome: { type: 'string' },
        'unihash-cache': { type: 'string' },
      },
      'runs',
    );
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
      throw new InspectorError(
        'INVALID_INPUT',
        `Expected one BUILD (build dir, TMPDIR or event log file), got ${positionals.length}`,
      );
    }
    const outcomes = parseOutcomes(values.outcome);
    const target = positionals[0]!;
    const resolved = path.resolve(io.cwd, target);
    const logs = await analyzeBuildRuns(resolved);
    const cache = loadUnihashCache(resolved, values['unihash-cache'], io);
    const out = logs.map((l) =>
      withCachedUnihashes(outcomes ? filterLog(l, outcomes) : l, cache?.entries ?? []),
    );
    if (values.json) writeJson(io, { target, unihash_cache: cache?.file ?? null, logs: out });
    else io.stdout.write(formatLogs(out, values.summary === true));
    let bad = 0;
    for (const log of logs) {
      for (const b of log.builds) {
        for (const e of b.errors) {
          bad++;
          if (!values.json)
            io.stderr.write(`hashequiv runs: ${log.file}:${e.line}: ${e.code}: ${e.message}\n`);
        }
      }
    }
    if (values.json && bad > 0)
      io.stderr.write(`hashequiv runs: ${bad} line(s) could not be decoded (see "errors")\n`);
    return bad > 0 ? 1 : 0;
  },
};

function parseOutcomes(v: string | undefined): Set<TaskOutcome> | undefined {
  if (v === undefined) return undefined;
  const out = new Set<TaskOutcome>();
  for (const part of v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(TASK_OUTCOMES as readonly string[]).includes(part)) {
      throw new InspectorError(
        'INVALID_INPUT',
        `--outcome: unknown outcome '${part}' (one of ${TASK_OUTCOMES.join(', ')})`,
      );
    }
    out.add(part as TaskOutcome);
  }
  return out;
}

/** A task row as the command prints it: the table's row plus the unihash-cache join. */
type PrintedRow = TaskRunRow & { cached_unihash: string | null };
type PrintedBuild = Omit<BuildRunTable, 'tasks'> & { tasks: PrintedRow[] };
interface PrintedLog {
  file: string;
  builds: PrintedBuild[];
}

/** The explicit --unihash-cache (errors are fatal) or BUILD/cache/bb_unihashes.dat (errors warn). */
function loadUnihashCache(
  target: string,
  explicit: string | undefined,
  io: { cwd: string; stderr: NodeJS.WritableStream },
): { file: string; entries: UnihashCacheEntry[] } | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(io.cwd, explicit);
    return { file, entries: readUnihashCache(file).entries };
  }
  const file = path.join(target, 'cache', 'bb_unihashes.dat');
  try {
    if (!statSync(target).isDirectory() || !statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    return { file, entries: readUnihashCache(file).entries };
  } catch (e) {
    io.stderr.write(`hashequiv runs: ignoring the unihash cache: ${formatErrorInfo(toErrorInfo(e))}\n`);
    return undefined;
  }
}

function withCachedUnihashes(log: EventLogRuns, entries: UnihashCacheEntry[]): PrintedLog {
  return {
    file: log.file,
    builds: log.builds.map((b) => {
      const joined = joinUnihashCache(b, entries);
      return {
        ...b,
        tasks: b.tasks.map((t) => ({ ...t, cached_unihash: joined.get(t.tid)?.unihash ?? null })),
      };
    }),
  };
}

function filterLog(log: EventLogRuns, outcomes: Set<TaskOutcome>): EventLogRuns {
  return {
    file: log.file,
    builds: log.builds.map((b) => ({ ...b, tasks: b.tasks.filter((t) => outcomes.has(t.outcome)) })),
  };
}

function formatLogs(logs: PrintedLog[], summaryOnly: boolean): string {
  const out: string[] = [];
  for (const log of logs) {
    if (log.builds.length === 0) out.push(`${log.file}: no build recorded`, '');
    for (const b of log.builds) {
      out.push(...formatBuild(log.file, b, summaryOnly), '');
    }
  }
  return out.join('\n');
}

function formatBuild(file: string, b: PrintedBuild, summaryOnly: boolean): string[] {
  const lines: string[] = [];
  const targets = b.build.BuildInit[0]?.pkgs;
  const result = b.build.BuildCompleted[0]?.msg;
  lines.push(`${file} (lines ${b.first_line}-${b.last_line})`);
  lines.push(
    `  targets: ${Array.isArray(targets) ? targets.join(' ') : '?'}   result: ${typeof result === 'string' ? result : 'no BuildCompleted (interrupted?)'}`,
  );
  const s = b.summary;
  const parts = TASK_OUTCOMES.filter((o) => s[o]).map(
    (o) => `${o} ${s[o]}${o === 'ran' && s.ran_noexec ? ` (${s.ran_noexec} noexec)` : ''}`,
  );
  lines.push(`  ${b.runqueue_tasks} run-queue tasks: ${parts.join(', ') || 'none'}`);
  const extra: string[] = [];
  if (s.setscene_failed) extra.push(`${s.setscene_failed} setscene failed`);
  if (s.unihash_updated) extra.push(`${s.unihash_updated} unihash updated by hash equivalence`);
  const cached = b.tasks.filter((t) => t.cached_unihash !== null).length;
  if (cached) extra.push(`${cached} unihash(es) joined from bb_unihashes.dat`);
  if (b.errors.length) extra.push(`${b.errors.length} undecodable line(s)`);
  if (extra.length) lines.push(`  ${extra.join(', ')}`);
  if (summaryOnly || b.tasks.length === 0) return lines;
  const rows = b.tasks.map(taskCells);
  const header = ['OUTCOME', 'SETSCENE', 'TASK', 'TASKHASH', 'UNIHASH'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string =>
    '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  lines.push(fmt(header), ...rows.map(fmt));
  return lines;
}

function taskCells(t: PrintedRow): string[] {
  const outcome =
    t.outcome === 'ran' && t.noexec
      ? 'ran (noexec)'
      : t.outcome === 'failed'
        ? `failed (exit ${String(t.exitcode)})`
        : t.outcome === 'skipped' && t.skip_reason
          ? `skipped (${t.skip_reason})`
          : t.outcome;
  const setscene =
    t.setscene === 'failed' ? `failed (exit ${String(t.setscene_exitcode)})` : (t.setscene ?? '-');
  const name = formatTaskId(t.mc, t.pn || path.basename(t.recipe_file), t.taskname);
  const unihash = t.unihash
    ? `${short(t.unihash)} (updated)`
    : t.cached_unihash
      ? `${short(t.cached_unihash)} (cache)`
      : '-';
  return [outcome, setscene, name, short(t.taskhash), unihash];
}

function short(h: string | null): string {
  return h ? h.slice(0, 16) : '-';
}
