import path from 'node:path';
import { parseCliArgs } from '../parse-cli-args';
import { InspectorError } from '../../../shared/model/errors';
import type { Leak } from '../../../shared/model/sig-diff-leaks';
import { sigDiffMessages } from '../../../shared/model/sig-diff-text';
import type { MissingSig, RootCause, RootCauseReport } from '../../services/analysis/root-causes';
import { explainTask, type TaskExplanation } from '../../services/analysis/sig-explain';
import { readSigFile } from '../../services/sources/siginfo/read-sig-file';
import { writeJson, type CliCommand } from '../command';

const USAGE = `Usage: hashequiv explain BUILD TASK [--against BUILD2] [--sstate-dir DIR]... [--json]

Why is TASK's hash what it is? TASK is <recipe>:do_<task> (or mc:<mc>:<recipe>:do_<task>).
Prints the task's current signature (from the build's stamps, else its sstate .siginfo), the
host-specific content in its hashed variables, and:
  - with --against BUILD2: why it differs from BUILD2's signature of the same task;
  - without: why it differs from the previous signature of the task in BUILD (why it rebuilt).
Every changed dependency is followed (not only the first): the answer lists every root cause —
tasks whose own variables, files or taint changed — with the dependency path to it, and names
any signature file that is missing.

Options:
  --against BUILD2    compare with another build directory (e.g. CI's)
  --sstate-dir DIR    sstate dir(s) of BUILD (default BUILD/sstate-cache); repeatable
  --against-sstate-dir DIR   sstate dir(s) of BUILD2
  --json              print the TaskExplanation: {build, task, current, leaks, comparedWith:
                      {kind, build, summary, status, diff, messages, rootCauses: {task, roots,
                      paths, missing, cycles}}}

Exit status: 0 same or explained, 1 differs with missing signatures, 2 bad usage or input.
`;

/** `hashequiv explain BUILD TASK`: every root cause of a task's hash change. */
export const explainCommand: CliCommand = {
  name: 'explain',
  summary: "Explain a task's hash, or why it differs from another build's (all root causes)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      against: { type: 'string' },
      'sstate-dir': { type: 'string', multiple: true },
      'against-sstate-dir': { type: 'string', multiple: true },
    });
    if (positionals.length < 2 || positionals.length > 3)
      throw new InspectorError('INVALID_INPUT', 'expected BUILD and TASK (see --help)');
    const res = (p: string) => path.resolve(io.cwd, p);
    const opts: Parameters<typeof explainTask>[2] = { reader: readSigFile };
    if (values.against) opts.against = res(values.against);
    if (values['sstate-dir']) opts.sstateDirs = values['sstate-dir'].map(res);
    if (values['against-sstate-dir']) opts.againstSstateDirs = values['against-sstate-dir'].map(res);
    // `explain BUILD zlib do_compile` is accepted as well as `zlib:do_compile`.
    const task = positionals.slice(1).join(':');
    const e = await explainTask(res(positionals[0]!), task, opts);
    if (values.json) writeJson(io, e);
    else io.stdout.write(formatExplanation(e));
    return (e.comparedWith?.rootCauses?.missing.length ?? 0) > 0 ? 1 : 0;
  },
};

/** The text form of an explanation. */
export function formatExplanation(e: TaskExplanation): string {
  const c = e.current;
  const out: string[] = [];
  out.push(`Task ${e.task} in ${e.build}`);
  out.push(`  signature  ${c.file} (${c.format})`);
  out.push(`  taskhash   ${c.taskhash ?? '-'}${c.taskhashMatches === false ? '  (does NOT recompute)' : ''}`);
  out.push(
    `  unihash    ${c.unihash ?? '-'}${c.unihash && c.unihash !== c.taskhash ? '  (equivalent to another taskhash)' : ''}`,
  );
  out.push(`  basehash   ${c.basehash}${c.basehashMatches ? '' : '  (does NOT recompute)'}`);
  out.push(
    `  inputs     ${c.variables} variables, ${c.dependencies.length} dependencies, ${c.files.length} files${c.taint ? `, taint ${c.taint}` : ''}`,
  );
  for (const d of c.dependencies) out.push(`    ${d.task} ${d.hash}`);
  out.push(...formatLeaks(e.leaks, '  '));
  const w = e.comparedWith;
  if (!w) {
    out.push('', 'No other signature of this task to compare with.');
    return out.join('\n') + '\n';
  }
  out.push('');
  const what =
    w.kind === 'other-build'
      ? `the same task in ${w.build}`
      : `its previous signature ${w.summary?.file ?? ''}`;
  if (w.status === 'missing') out.push(`Compared with ${what}: not found there.`);
  else if (w.status === 'same') out.push(`Compared with ${what}: same taskhash and unihash.`);
  else {
    out.push(`Compared with ${what}: changed`);
    for (const m of w.messages ?? []) out.push(...m.split('\n').map((l) => `  ${l}`));
    if (w.rootCauses) out.push('', ...formatRootCauseReport(w.rootCauses));
  }
  return out.join('\n') + '\n';
}

/** Root causes, each with its path and own changes; then missing signatures and cycles. */
export function formatRootCauseReport(r: RootCauseReport): string[] {
  const out: string[] = [`Root causes (${r.roots.length}):`];
  for (const root of r.roots) {
    const p = r.paths.find((x) => x.root === root.task);
    out.push(...formatRootCause(root, '  '));
    if (p && p.path.length > 1) out.push(`    via ${p.path.join(' -> ')}`);
  }
  out.push(...formatMissing(r.missing));
  for (const c of r.cycles) out.push(`Dependency cycle (malformed input), not followed: ${c.join(' -> ')}`);
  return out;
}

/** One root cause: task, kinds and its own changes as bitbake-diffsigs words them. */
export function formatRootCause(root: RootCause, indent: string): string[] {
  const out = [`${indent}${root.task} [${root.kinds.join(', ')}]`];
  if (root.diff) {
    // Dependency hash lines are noise at a root: its own inputs are the point.
    const own = sigDiffMessages(root.diff, { collapsed: true });
    for (const m of own) out.push(...m.split('\n').map((l) => `${indent}    ${l}`));
  }
  if (root.kinds.includes('unihash-only'))
    out.push(`${indent}    same taskhash, unihash ${root.hashA} vs ${root.hashB}: equivalence not shared`);
  return out;
}

/** Which signature files were needed and not found. */
export function formatMissing(missing: MissingSig[]): string[] {
  return missing.flatMap((m) => [
    `Missing signature: ${m.task} with hash ${m.hash} of build ${m.side.toUpperCase()} (needed by ${m.neededBy}); looked for:`,
    ...m.expected.map((e) => `  ${e}`),
  ]);
}

/** Host-specific content found in hashed variables. */
export function formatLeaks(leaks: Leak[], indent: string): string[] {
  if (leaks.length === 0) return [];
  return [
    `${indent}host-specific content (blocks sstate sharing between machines):`,
    ...leaks.map(
      (l) =>
        `${indent}  ${l.variable} line ${l.line}: ${l.kind} ${l.match}${l.detail ? ` (${l.detail})` : ''}`,
    ),
  ];
}
