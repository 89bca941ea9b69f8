import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskOutcome, TaskRow } from '../../../../../shared/model/tasks';
import type { BuildRunTable, TaskRunRow } from '../../../../../electron/services/analysis/run-outcomes';
import { TASK_OUTCOMES } from '../../../../../electron/services/analysis/run-outcomes';
import { pickleUnihashCache } from '../../../../../electron/services/workspace/demo/demo-formats';
import { openWorkspace } from '../../../../../electron/services/workspace/index';
import type { Workspace } from '../../../../../electron/services/workspace/index';
import {
  compareLogs,
  matchOutcomes,
  pnOfRun,
  toRowOutcome,
} from '../../../../../electron/services/workspace/ingest-eventlog';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../helpers/paths';

const EVENTLOG = path.join(FIXTURES, 'eventlog');
const expected = (run: string) =>
  JSON.parse(readFileSync(path.join(EVENTLOG, 'expected', `${run}.json`), 'utf8')) as BuildRunTable;

const dirs: string[] = [];
const open: Workspace[] = [];
afterAll(() => {
  for (const ws of open) ws.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A temp build dir: optionally a copy of fixtures/builddir, plus event logs under tmp/log/eventlog. */
function buildDir(opts: { builddir: boolean; logs: Record<string, string> }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-eventlog-'));
  dirs.push(dir);
  if (opts.builddir) cpSync(FIXTURE_BUILDDIR, dir, { recursive: true, verbatimSymlinks: true });
  const evdir = path.join(dir, 'tmp', 'log', 'eventlog');
  mkdirSync(evdir, { recursive: true });
  for (const [name, fixture] of Object.entries(opts.logs))
    cpSync(path.join(EVENTLOG, fixture), path.join(evdir, name));
  return dir;
}

async function openWs(dir: string): Promise<Workspace> {
  const ws = await openWorkspace([dir]);
  open.push(ws);
  return ws;
}

function allRows(ws: Workspace): TaskRow[] {
  return ws.queryTasks({ offset: 0, limit: 1000 }).rows;
}

const count = (ws: Workspace, f: 'ran' | 'restored' | 'failed') =>
  ws.queryTasks({ filters: [f], offset: 0, limit: 1 }).total;

describe('toRowOutcome', () => {
  it('maps the run vocabulary onto the row vocabulary', () => {
    expect(Object.fromEntries(TASK_OUTCOMES.map((o) => [o, toRowOutcome(o)]))).toEqual({
      failed: 'failed',
      ran: 'ran',
      restored: 'restored',
      covered: 'covered',
      skipped: 'skipped',
      incomplete: 'not-reached',
      'not-run': 'not-reached',
    });
  });
});

describe('fixture build dir + run2 event log', () => {
  it('gives exactly the rows whose mc/PN/task/taskhash the log ran its expected outcome', async () => {
    const ws = await openWs(buildDir({ builddir: true, logs: { '20261125083652.json': 'run2.json' } }));
    const build = ws.summary().builds[0]!;
    const src = build.sources.find((s) => s.kind === 'eventlog')!;
    expect(src.status).toBe('ok');
    // 91 of run 2's 112 tasks have a row of the build dir with the same taskhash; 21 do not.
    expect(src.counts).toEqual({ builds: 1, tasks: 112, matched: 91, unmatched: 21 });

    const exp = expected('run2');
    const want = new Map<string, TaskOutcome>();
    for (const t of exp.tasks)
      want.set(`${t.mc}:${pnOfRun(t)}:${t.taskname}:${t.taskhash}`, toRowOutcome(t.outcome));
    const rows = allRows(ws);
    expect(rows).toHaveLength(122);
    let withOutcome = 0;
    for (const r of rows) {
      const w = want.get(`${r.mc}:${r.pn}:${r.task}:${r.taskhash}`) ?? null;
      expect([r.key, r.outcome]).toEqual([r.key, w]);
      if (r.outcome) withOutcome++;
    }
    expect(withOutcome).toBe(91);
    expect([count(ws, 'ran'), count(ws, 'restored'), count(ws, 'failed')]).toEqual([57, 23, 0]);
    // Specific ones: mc1 zlib's packagedata was restored from sstate, zlib-native's populate_sysroot ran.
    for (const [mc, pn, task, outcome] of [
      ['mc1', 'zlib', 'do_packagedata', 'restored'],
      ['', 'zlib-native', 'do_populate_sysroot', 'ran'],
    ] as const) {
      const log = exp.tasks.find((t) => t.mc === mc && t.pn === pn && t.taskname === task)!;
      expect(log.outcome).toBe(outcome);
      const row = rows.find(
        (r) => r.mc === mc && r.pn === pn && r.task === task && r.taskhash === log.taskhash,
      );
      expect(row?.outcome).toBe(outcome);
    }
  });

  it('takes the latest log by the time stamp in its name', async () => {
    // run1 (every task ran) is older than run2 here: run2 decides.
    const ws = await openWs(
      buildDir({
        builddir: true,
        logs: { '20261125083645.json': 'run1.json', '20261125083652.json': 'run2.json' },
      }),
    );
    expect([count(ws, 'ran'), count(ws, 'restored')]).toEqual([57, 23]);
    const counts = ws
      .summary()
      .builds[0]!.sources.filter((s) => s.kind === 'eventlog')
      .map((s) => s.counts);
    // The older log is not even decoded: it keeps discovery's counts.
    expect(counts).toEqual([{ bytes: 814880 }, { builds: 1, tasks: 112, matched: 91, unmatched: 21 }]);
    // Named the other way round, run1 is the latest: everything that matched ran.
    const ws2 = await openWs(
      buildDir({
        builddir: true,
        logs: { '20261125083645.json': 'run2.json', '20261125083652.json': 'run1.json' },
      }),
    );
    expect([count(ws2, 'ran'), count(ws2, 'restored')]).toEqual([
      allRows(ws2).filter((r) => r.outcome !== null).length,
      0,
    ]);
    expect(count(ws2, 'ran')).toBeGreaterThan(0);
  });
});

describe('event log with rows from a unihash cache of its own taskhashes (run3-failure)', () => {
  it('counts the failed do_compile, the ran and not-reached tasks', async () => {
    const dir = buildDir({ builddir: false, logs: { '20261125083700.json': 'run3-failure.json' } });
    const exp = expected('run3-failure');
    // bb_unihashes.dat with every logged task that has a taskhash (the 6 not-run tasks have none).
    const entries = exp.tasks
      .filter((t): t is TaskRunRow & { taskhash: string } => t.taskhash !== null)
      .map((t): [string, string, string] => [
        `${t.mc}:${pnOfRun(t)}:${t.taskname}`,
        t.taskhash,
        t.unihash ?? t.taskhash,
      ]);
    expect(entries).toHaveLength(106);
    mkdirSync(path.join(dir, 'cache'));
    // The run's own conf/local.conf makes the temp dir a build dir (TOPDIR) for discovery.
    mkdirSync(path.join(dir, 'conf'));
    cpSync(path.join(EVENTLOG, 'conf', 'local.conf.run3-failure'), path.join(dir, 'conf', 'local.conf'));
    writeFileSync(path.join(dir, 'cache', 'bb_unihashes.dat'), pickleUnihashCache(entries));
    const ws = await openWs(dir);
    const rows = allRows(ws);
    expect(rows).toHaveLength(106);
    expect([count(ws, 'ran'), count(ws, 'restored'), count(ws, 'failed')]).toEqual([2, 0, 1]);
    const failed = ws.queryTasks({ filters: ['failed'], offset: 0, limit: 10 }).rows;
    expect(failed.map((r) => [r.mc, r.pn, r.task])).toEqual([['', 'dropbear', 'do_compile']]);
    const byOutcome: Record<string, number> = {};
    for (const r of rows) byOutcome[String(r.outcome)] = (byOutcome[String(r.outcome)] ?? 0) + 1;
    // expected summary: covered 92, skipped 11, ran 2, failed 1 (+ 6 not-run without a row).
    expect(byOutcome).toEqual({ covered: 92, skipped: 11, ran: 2, failed: 1 });
    const src = ws.summary().builds[0]!.sources.find((s) => s.kind === 'eventlog');
    expect(src?.counts).toEqual({ builds: 1, tasks: 112, matched: 106, unmatched: 6 });
  });
});

describe('only an event log', () => {
  it('opened as a file: reads the log, and has no rows to give outcomes to', async () => {
    // (A directory holding only tmp/log/eventlog is not recognised as a build dir by discovery.)
    const dir = buildDir({ builddir: false, logs: { '20261125083652.json': 'run2.json' } });
    const ws = await openWs(path.join(dir, 'tmp', 'log', 'eventlog', '20261125083652.json'));
    const b = ws.summary().builds[0]!;
    expect(b.counts.rows).toBe(0);
    expect(b.sources.find((s) => s.kind === 'eventlog')?.counts).toEqual({
      builds: 1,
      tasks: 112,
      matched: 0,
      unmatched: 112,
    });
  });
});

describe('malformed logs', () => {
  it('still opens the build; a truncated last line is a warning with file and line', async () => {
    const dir = buildDir({ builddir: true, logs: {} });
    const text = readFileSync(path.join(EVENTLOG, 'run2.json'), 'utf8');
    const file = path.join(dir, 'tmp', 'log', 'eventlog', '20261125083652.json');
    writeFileSync(file, `${text}{"class": "bb.runqueue.runQueueTaskStarted", "vars": "gASV`);
    const ws = await openWs(dir);
    const b = ws.summary().builds[0]!;
    expect(b.warnings.filter((w) => w.where?.file === file).map((w) => w.where?.line)).toEqual([1097]);
    expect([count(ws, 'ran'), count(ws, 'restored')]).toEqual([57, 23]);
  });

  it('a log that is not an event log yields no outcomes and does not stop the build', async () => {
    const dir = buildDir({ builddir: true, logs: {} });
    const file = path.join(dir, 'tmp', 'log', 'eventlog', '20261125083652.json');
    writeFileSync(file, 'not json at all\n');
    const ws = await openWs(dir);
    const b = ws.summary().builds[0]!;
    expect(b.counts.rows).toBe(122);
    const src = b.sources.find((s) => s.kind === 'eventlog');
    expect(src?.status).toBe('empty');
    const w = b.warnings.filter((x) => x.where?.file === file);
    expect(w.map((x) => [x.code, x.where?.line])).toEqual([['BAD_FORMAT', 1]]);
    expect(allRows(ws).filter((r) => r.outcome !== null)).toHaveLength(0);
  });
});

describe('matchOutcomes fallback', () => {
  const table = {
    tasks: [
      { mc: '', pn: 'zlib', taskname: 'do_compile', taskhash: 'aa', unihash: null, outcome: 'ran' },
      { mc: '', pn: 'zlib', taskname: 'do_install', taskhash: 'bb', unihash: 'cc', outcome: 'incomplete' },
      { mc: '', pn: 'zlib', taskname: 'do_package', taskhash: 'dd', unihash: null, outcome: 'restored' },
    ],
  } as unknown as BuildRunTable;
  const row = (key: string, task: string, taskhash: string | null, unihash: string | null) => ({
    key,
    mc: '',
    pn: 'zlib',
    task,
    taskhash,
    unihash,
    latest: true,
  });

  it('gives an outcome to a current row of unknown taskhash, never to one of another taskhash', () => {
    const m = matchOutcomes(table, [
      row('k1', 'do_compile', null, 'aa'), // stamp named by the taskhash: agrees
      row('k2', 'do_install', null, 'cc'), // stamp named by the logged unihash: agrees
      row('k3', 'do_package', 'ee', 'ee'), // another signature of the task: not this run
    ]);
    expect(m).toEqual({ byKey: { k1: 'ran', k2: 'not-reached' }, matched: 0, fallback: 2, unmatched: 1 });
    const contradicted = matchOutcomes(table, [row('k1', 'do_compile', null, 'ff')]);
    expect(contradicted.byKey).toEqual({});
  });
});

describe('compareLogs', () => {
  it('orders by the name time stamp, then mtime, then path', () => {
    const a = { file: '/b/tmp/log/eventlog/20261125083700.json', mtimeMs: 1 };
    const b = { file: '/a/bitbake_eventlog_20261125083645.json', mtimeMs: 2 };
    const c = { file: '/x/custom.json', mtimeMs: 0 };
    expect([a, b, c].sort(compareLogs).map((l) => l.file)).toEqual([c.file, b.file, a.file]);
  });
});
