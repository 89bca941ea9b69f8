import path from 'node:path';
import { formatErrorInfo, InspectorError } from '../../../shared/model/errors';
import type { BuildSummary, TaskCounts, WorkspaceSummary } from '../../../shared/model/tasks';
import { ensureDemoBuild, openWorkspace, type Workspace } from '../../services/workspace/index';
import { writeJson, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv open PATH... [--json]
       hashequiv open --demo [--json]

Finds every BitBake source in PATH (a build directory, or its cache/, tmp*/ or sstate-cache/,
or single files: hashserv.db, bb_unihashes.dat, bb_persist_data.sqlite3, sigdata/siginfo),
reads them without changing anything and indexes their tasks. Several PATHs form one build.

Prints each source with its status, counts and detected schema/release, then the task counts.
--demo opens the bundled demo build (generated once into the user cache directory).

Options:
  --demo   open the demo build instead of PATH
  --json   print {builds: [{id, label, inputs, root, multiconfigs, indexMs,
             sources: [{kind, path, status, mc?, counts?, detected?: {schema?, version?, release?,
               journal?}, error?: {code, message, where?}, size?, mtimeMs?}],
             counts: {rows, recipes, tasks, unihashes, equivalent, disagree, withSstate, classes},
             warnings: [{code, message, where?}]}],
           counts: {...same counts over all builds}}

Exit status: 0 every source read, 1 some source could not be read (listed on stderr),
2 nothing readable or bad usage.
`;

/** Parses `PATH... [--demo]` and opens the workspace; shared by open, tasks and classes. */
export async function openFromArgs(
  positionals: string[],
  demo: boolean | undefined,
  io: CliIo,
): Promise<Workspace> {
  if (demo && positionals.length > 0)
    throw new InspectorError('INVALID_INPUT', 'give either PATH... or --demo, not both');
  if (!demo && positionals.length === 0)
    throw new InspectorError('INVALID_INPUT', 'expected at least one PATH (or --demo; see --help)');
  const paths = demo ? [await ensureDemoBuild()] : positionals.map((p) => path.resolve(io.cwd, p));
  const ws = await openWorkspace(paths);
  const build = ws.summary().builds[0];
  const warning = build?.warnings[0];
  if (build && build.sources.length === 0 && warning) {
    ws.close();
    throw new InspectorError(warning.code, warning.message, warning.where);
  }
  if (build && build.sources.length > 0 && build.sources.every((s) => s.status === 'error')) {
    const first = build.sources[0]?.error;
    ws.close();
    throw new InspectorError(first?.code ?? 'NOT_FOUND', first?.message ?? 'nothing readable', first?.where);
  }
  return ws;
}

/** Writes one stderr line per source that failed; returns how many. */
export function reportSourceErrors(summary: WorkspaceSummary, io: CliIo, command: string): number {
  let n = 0;
  for (const b of summary.builds) {
    for (const s of b.sources) {
      if (s.status !== 'error' || !s.error) continue;
      n++;
      const info = s.error.where?.file ? s.error : { ...s.error, where: { ...s.error.where, file: s.path } };
      io.stderr.write(`hashequiv ${command}: ${formatErrorInfo(info)}\n`);
    }
  }
  return n;
}

/** `hashequiv open PATH...`: what was found and indexed. */
export const openCommand: CliCommand = {
  name: 'open',
  summary: 'Find and index the BitBake sources of a build: status, counts, schema per source',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
    });
    const ws = await openFromArgs(positionals, values.demo as boolean | undefined, io);
    try {
      const summary = ws.summary();
      if (values.json) {
        writeJson(io, { builds: summary.builds, counts: summary.counts });
      } else {
        io.stdout.write(summary.builds.map(formatBuild).join('\n'));
      }
      return reportSourceErrors(summary, io, 'open') > 0 ? 1 : 0;
    } finally {
      ws.close();
    }
  },
};

function formatBuild(b: BuildSummary): string {
  const lines: string[] = [];
  lines.push(
    `Build ${b.id} "${b.label}": ${b.root ?? b.inputs.join(', ')}${b.root ? ' (build directory)' : ''}`,
  );
  if (b.multiconfigs.length > 0) lines.push(`Multiconfigs: ${b.multiconfigs.join(', ')}`);
  lines.push(`Sources (${b.sources.length}):`);
  const rel = (p: string) => (b.root && p.startsWith(b.root + path.sep) ? p.slice(b.root.length + 1) : p);
  const rows = b.sources.map((s) => {
    const counts = Object.entries(s.counts ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const det = s.detected;
    const detected = [
      det?.schema && `schema ${det.schema}`,
      det?.version && `version ${det.version}`,
      det?.release,
      det?.journal && `journal ${det.journal}`,
    ]
      .filter(Boolean)
      .join(', ');
    const mc = s.mc ? `[${s.mc}] ` : '';
    const detail =
      s.status === 'error'
        ? `ERROR ${s.error?.code}: ${s.error?.message}`
        : [counts, detected].filter(Boolean).join('; ');
    return [s.status, s.kind, mc + rel(s.path), detail] as const;
  });
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    lines.push(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
  lines.push(`Tasks: ${formatCounts(b.counts)}`);
  for (const warn of b.warnings) lines.push(`Warning: ${formatErrorInfo(warn)}`);
  return lines.join('\n') + '\n';
}

/** One line of task counts. */
export function formatCounts(c: TaskCounts): string {
  return (
    `${c.rows} rows (${c.tasks} tasks of ${c.recipes} recipes), ${c.unihashes} unihashes; ` +
    `${c.equivalent} equivalent, ${c.disagree} disagreeing, ${c.withSstate} with sstate, ${c.classes} classes of 2+`
  );
}
