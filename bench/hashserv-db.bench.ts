/**
 * Workspace over a 1,000,000-row hashserv.db: our open (index build), first page, a filter and
 * searches, next to the sqlite3 shell answering the equivalent question on the same file.
 * Data: bench/.data/hashserv-1000000.db, generated once (bench/gen/hashserv-db-gen.ts).
 * Run: npx tsx bench/hashserv-db.bench.ts [rows]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../electron/services/workspace/index';
import { ensureBigHashservDb } from './gen/hashserv-db-gen';

const here = path.dirname(fileURLToPath(import.meta.url));
const rows = Number(process.argv[2] ?? 1_000_000);

/** Median of `n` runs of fn, in ms. */
function time(fn: () => unknown, n = 5): { first: number; median: number } {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  // The first call is cold (row counts are cached afterwards, as when a user pages on).
  const first = t[0] ?? NaN;
  return { first, median: t.sort((a, b) => a - b)[Math.floor(n / 2)] ?? NaN };
}

/** The sqlite3 shell's own timing of `sql` (`.timer on`, real seconds summed), read-only. */
function sqlite3(file: string, sql: string): number {
  const r = spawnSync('sqlite3', ['-readonly', file], {
    input: `.timer on\n${sql}\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  const times = [...r.stdout.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  return times.reduce((a, b) => a + b, 0);
}

const t0 = performance.now();
const file = ensureBigHashservDb(path.join(here, '.data'), rows);
const genMs = performance.now() - t0;
console.log(
  `data: ${file} (${rows} rows${genMs > 1000 ? `, generated in ${(genMs / 1000).toFixed(1)} s` : ', reused'})`,
);

const s0 = performance.now();
const cpu0 = process.cpuUsage();
const cpuMs = () => {
  const c = process.cpuUsage(cpu0);
  return (c.user + c.system) / 1000;
};
// openWorkspace resolves once the rows are queryable (the (recipe, task) index exists); the other
// indexes are built after it, between queries. Both moments are timed.
// The longest stretch the indexing keeps the thread (a query arriving then waits that long).
let lastStep = 0;
let longestStepMs = 0;
const ws = await openWorkspace([file], {
  onIndexProgress: () => {
    const now = performance.now();
    if (lastStep > 0) longestStepMs = Math.max(longestStepMs, now - lastStep);
    lastStep = now;
  },
});
const openMs = performance.now() - s0;
// CPU time as well: on a loaded machine (2 shared cores) wall time mostly measures others.
const openCpuMs = cpuMs();
const p0 = performance.now();
ws.queryTasks({ offset: 0, limit: 100 });
const firstPageMs = performance.now() - p0;
await ws.whenIndexed();
const indexedMs = performance.now() - s0;
const indexedCpuMs = cpuMs();
const prefix = ws.queryTasks({ offset: 500_000 % rows, limit: 1 }).rows[0]?.unihash?.slice(0, 6) ?? 'abcdef';

const J = `FROM unihashes_v3 u LEFT JOIN outhashes_v2 o ON o.method = u.method AND o.taskhash = u.taskhash`;
const cols = 'SELECT u.taskhash, u.unihash, o.outhash, o.PN, o.task';
const cases: Array<{ name: string; ours: () => unknown; sql: string }> = [
  {
    name: 'first page (100 rows by recipe, task) + total',
    ours: () => ws.queryTasks({ offset: 0, limit: 100 }),
    sql: `${cols} ${J} ORDER BY o.PN, o.task LIMIT 100; SELECT count(*) FROM unihashes_v3;`,
  },
  {
    name: 'page 5000 (offset 500,000)',
    ours: () => ws.queryTasks({ offset: Math.min(500_000, rows - 100), limit: 100 }),
    sql: `${cols} ${J} ORDER BY o.PN, o.task LIMIT 100 OFFSET ${Math.min(500_000, rows - 100)};`,
  },
  {
    name: "filter 'equivalent' (page + count)",
    ours: () => ws.queryTasks({ filters: ['equivalent'], offset: 0, limit: 100 }),
    sql: `${cols} ${J} WHERE u.unihash <> u.taskhash ORDER BY o.PN, o.task LIMIT 100; SELECT count(*) FROM unihashes_v3 WHERE unihash <> taskhash;`,
  },
  {
    name: `search hash prefix '${prefix}' (any hash)`,
    ours: () => ws.queryTasks({ search: prefix, offset: 0, limit: 100 }),
    sql: `${cols} ${J} WHERE u.taskhash LIKE '${prefix}%' OR u.unihash LIKE '${prefix}%' OR o.outhash LIKE '${prefix}%' LIMIT 100;`,
  },
  {
    name: "search name 'recipe-12' + task filter",
    ours: () => ws.queryTasks({ search: 'recipe-12', task: 'do_package', offset: 0, limit: 100 }),
    sql: `${cols} ${J} WHERE o.PN LIKE '%recipe-12%' AND o.task = 'package' ORDER BY o.PN LIMIT 100; SELECT count(*) FROM outhashes_v2 WHERE PN LIKE '%recipe-12%' AND task = 'package';`,
  },
  {
    name: 'equivalence classes page (biggest first)',
    ours: () => ws.classes({ minMembers: 2, offset: 0, limit: 50 }),
    sql: `SELECT unihash, count(*) n FROM unihashes_v3 GROUP BY unihash HAVING n > 1 ORDER BY n DESC LIMIT 50;`,
  },
];

const sqliteOpen = sqlite3(file, 'SELECT count(*) FROM unihashes_v3;');
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)).padStart(8);
console.log(
  `\n${'operation'.padEnd(48)} ${'ours ms'.padStart(8)} ${'cold ms'.padStart(8)} ${'sqlite3'.padStart(8)}  ratio (ours/sqlite3)`,
);
console.log(
  `${'open: rows queryable (sqlite3: count rows)'.padEnd(48)} ${fmt(openMs)} ${fmt(openMs)} ${fmt(sqliteOpen)}  ${(openMs / sqliteOpen).toFixed(1)}x`,
);
console.log(`${'open: CPU time until queryable'.padEnd(48)} ${fmt(openCpuMs)}`);
console.log(`${'first page right after open (indexes pending)'.padEnd(48)} ${fmt(firstPageMs)}`);
console.log(`${'open: every index built (background)'.padEnd(48)} ${fmt(indexedMs)}`);
console.log(`${'open: CPU time until every index is built'.padEnd(48)} ${fmt(indexedCpuMs)}`);
console.log(`${'longest index step (a query waits at most this)'.padEnd(48)} ${fmt(longestStepMs)}`);
for (const c of cases) {
  const ours = time(c.ours);
  const ref = sqlite3(file, c.sql);
  const ratio = (ours.median / ref).toFixed(3);
  console.log(`${c.name.padEnd(48)} ${fmt(ours.median)} ${fmt(ours.first)} ${fmt(ref)}  ${ratio}x`);
}
const facetsMs = time(() => ws.facets({ search: prefix }), 3);
console.log(
  `${'facets for a search (no sqlite3 equivalent)'.padEnd(48)} ${fmt(facetsMs.median)} ${fmt(facetsMs.first)}`,
);
console.log(
  `\nrows indexed: ${ws.summary().counts.rows}; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
ws.close();
