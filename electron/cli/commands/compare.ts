import path from 'node:path';
import { parseCliArgs } from '../parse-cli-args';
import { InspectorError } from '../../../shared/model/errors';
import {
  compareBuilds,
  type BuildComparison,
  type CompareOptions,
} from '../../services/analysis/build-compare';
import { readSigFile } from '../../services/sources/siginfo/read-sig-file';
import { writeJson, type CliCommand } from '../command';
import { formatLeaks, formatMissing, formatRootCause } from './explain';

const USAGE = `Usage: hashequiv compare BUILD_A BUILD_B [--sstate-a DIR]... [--sstate-b DIR]... [--limit N] [--json]

Compares two build directories (e.g. a laptop's and CI's) by their stamps and sstate signature
files: tasks only in A, only in B, changed (taskhash, unihash, both) and unchanged; every
changed task explained down to all of its root causes, grouped by cause; every miss classified:
variable, file-checksum, taint, dependency-set, dependency-only, unihash-only (same inputs,
equivalence not shared), no-sstate-object, missing-sigdata.

Options:
  --sstate-a DIR / --sstate-b DIR   sstate dirs (default <build>/sstate-cache); repeatable
  --limit N   rows per list in the text form (default 40; JSON is always complete)
  --json      print {a, b, counts, onlyA, onlyB, changed, unchanged, causes, missing, cycles,
              problems}; changed/unchanged rows = {task, status, change, taskhashA/B,
              unihashA/B, miss, roots, sstate}; causes = [{root, leaks, affected}]

Exit status: 0 compared (differences are not an error), 2 bad usage or unreadable build dir.
`;

/** `hashequiv compare A B`: two builds, all differences, all root causes. */
export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Compare two builds: changed tasks, every root cause, why sstate was not reused',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      'sstate-a': { type: 'string', multiple: true },
      'sstate-b': { type: 'string', multiple: true },
      limit: { type: 'string' },
    });
    if (positionals.length !== 2)
      throw new InspectorError('INVALID_INPUT', 'expected BUILD_A and BUILD_B (see --help)');
    const limit = values.limit === undefined ? 40 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0)
      throw new InspectorError('INVALID_INPUT', `--limit must be a whole number, got '${values.limit}'`);
    const res = (p: string) => path.resolve(io.cwd, p);
    const opts: CompareOptions = { reader: readSigFile };
    if (values['sstate-a']) opts.sstateDirsA = values['sstate-a'].map(res);
    if (values['sstate-b']) opts.sstateDirsB = values['sstate-b'].map(res);
    const cmp = await compareBuilds(res(positionals[0]!), res(positionals[1]!), opts);
    if (values.json) writeJson(io, cmp);
    else io.stdout.write(formatComparison(cmp, limit));
    return 0;
  },
};

function capped<T>(xs: T[], limit: number, line: (x: T) => string, indent = '  '): string[] {
  const out = xs.slice(0, limit).map((x) => indent + line(x));
  if (xs.length > limit) out.push(`${indent}… and ${xs.length - limit} more (see --json)`);
  return out;
}

/** The text form of a comparison. */
export function formatComparison(c: BuildComparison, limit: number): string {
  const n = c.counts;
  const out: string[] = [
    `A: ${c.a}`,
    `B: ${c.b}`,
    `Tasks in both: ${n.changed + n.unchanged} — ${n.changed} changed (${n.bothChanged} taskhash+unihash, ${n.taskhashChanged} taskhash only, ${n.unihashOnly} unihash only), ${n.unchanged} unchanged; only in A: ${n.onlyA}; only in B: ${n.onlyB}`,
  ];
  const misses = new Map<string, number>();
  for (const r of [...c.changed, ...c.unchanged])
    for (const m of r.miss) misses.set(m, (misses.get(m) ?? 0) + 1);
  if (misses.size > 0) out.push(`Misses by kind: ${[...misses].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push('', `Root causes (${c.causes.length}), widest first:`);
  for (const g of c.causes.slice(0, limit)) {
    out.push(...formatRootCause(g.root, '  '));
    out.push(
      `      explains ${g.affected.length} changed task(s): ${g.affected.slice(0, 8).join(', ')}${g.affected.length > 8 ? ', …' : ''}`,
    );
    out.push(...formatLeaks(g.leaks, '      '));
  }
  if (c.causes.length > limit) out.push(`  … and ${c.causes.length - limit} more (see --json)`);
  out.push('', `Changed tasks (${c.changed.length}):`);
  out.push(
    ...capped(
      c.changed,
      limit,
      (r) =>
        `${r.task}  ${r.change}  ${r.miss.join(',')}${r.roots?.length ? `  <- ${r.roots.join(', ')}` : ''}`,
    ),
  );
  const noSstate = c.unchanged.filter((r) => r.miss.length > 0);
  if (noSstate.length > 0) {
    out.push('', `Same hash, sstate object on one side only (${noSstate.length}):`);
    out.push(
      ...capped(
        noSstate,
        limit,
        (r) =>
          `${r.task}  ${r.unihashA}  in A: ${r.sstate?.a ? 'yes' : 'no'}, in B: ${r.sstate?.b ? 'yes' : 'no'}`,
      ),
    );
  }
  if (c.onlyA.length > 0) out.push('', `Only in A (${c.onlyA.length}):`, ...capped(c.onlyA, limit, (t) => t));
  if (c.onlyB.length > 0) out.push('', `Only in B (${c.onlyB.length}):`, ...capped(c.onlyB, limit, (t) => t));
  const missing = formatMissing(c.missing);
  if (missing.length > 0) out.push('', ...missing.slice(0, limit * 5));
  for (const cy of c.cycles) out.push(`Dependency cycle (malformed input), not followed: ${cy.join(' -> ')}`);
  for (const p of c.problems.slice(0, limit))
    out.push(`Problem: ${p.where?.file ? `${p.where.file}: ` : ''}${p.message}`);
  return out.join('\n') + '\n';
}
