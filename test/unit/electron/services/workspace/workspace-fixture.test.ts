import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

// Values below were checked against the fixture with python3 + sqlite3 (see the report).
const ZLIB_RUN2_TASKHASH = 'a29a44595a24';
const ZLIB_UNIHASH = 'ec9e112e2aa0';

describe('openWorkspace on the real fixture build', () => {
  let ws: Workspace;
  let before: Map<string, string>;

  beforeAll(async () => {
    before = snapshotTree(FIXTURE_BUILDDIR);
    ws = await openWorkspace([FIXTURE_BUILDDIR]);
  });
  afterAll(() => ws.close());

  it('finds every source of the build with its counts', () => {
    const b = ws.summary().builds[0]!;
    expect(b.root).toBe(FIXTURE_BUILDDIR);
    expect(b.multiconfigs).toEqual(['mc1']);
    const rel = (p: string) => path.relative(FIXTURE_BUILDDIR, p);
    expect(b.sources.map((s) => [s.kind, rel(s.path), s.status, s.mc ?? null, s.counts ?? null])).toEqual([
      ['conf', 'conf/local.conf', 'ok', null, { assignments: 3 }],
      [
        'hashserv-db',
        'cache/hashserv.db',
        'ok',
        null,
        { unihashes: 46, outhashes: 46, distinctUnihashes: 36 },
      ],
      ['unihash-cache', 'cache/bb_unihashes.dat', 'ok', null, { entries: 35, remapped: 10 }],
      [
        'stamps-dir',
        'tmp/stamps',
        'ok',
        '',
        { stamp: 86, setscene: 4, sigdata: 98, sigbasedata: 0, taint: 0 },
      ],
      ['depsig', 'tmp/work', 'ok', '', { depsig: 30, files: 39 }],
      [
        'stamps-dir',
        'tmp-mc1/stamps',
        'ok',
        'mc1',
        { stamp: 13, setscene: 2, sigdata: 15, sigbasedata: 0, taint: 0 },
      ],
      ['depsig', 'tmp-mc1/work', 'ok', 'mc1', { depsig: 5, files: 7 }],
      ['sstate-dir', 'sstate-cache', 'ok', null, { archives: 36, siginfo: 36 }],
    ]);
    expect(b.sources[1]!.detected?.schema).toBe('v3');
    expect(b.sources[1]!.detected?.release).toBe('BitBake >= 2.8');
    expect(b.sources[2]!.detected?.version).toBe('3');
    expect(b.warnings).toEqual([]);
  });

  it('counts rows, equivalences and classes', () => {
    expect(ws.summary().counts).toEqual({
      rows: 122,
      recipes: 7,
      tasks: 99,
      unihashes: 103,
      equivalent: 10,
      disagree: 0,
      withSstate: 46,
      classes: 10,
    });
  });

  it('joins cache, server, sigdata, stamps, depsig and sstate on the current zlib populate_sysroot', () => {
    const page = ws.queryTasks({ recipe: 'zlib', task: 'populate_sysroot', mc: '' });
    expect(page.total).toBe(2);
    const cur = page.rows.find((r) => r.taskhash?.startsWith(ZLIB_RUN2_TASKHASH));
    expect(cur).toBeDefined();
    expect(cur!.unihash!.startsWith(ZLIB_UNIHASH)).toBe(true);
    expect(cur!.unihashes.map((u) => u.kind)).toEqual(['unihash-cache', 'hashserv-db', 'stamps-dir']);
    expect(new Set(cur!.unihashes.map((u) => u.unihash)).size).toBe(1);
    expect([cur!.sstate, cur!.siginfo, cur!.stamp, cur!.sigdata, cur!.depsig]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(cur!.classSize).toBe(2);
    // The run-1 taskhash is the canonical member: its stamp and sigdata were replaced by run 2's.
    const old = page.rows.find((r) => r !== cur)!;
    expect(old.taskhash).toBe(old.unihash);
    expect(old.unihash).toBe(cur!.unihash);
    expect([old.sstate, old.stamp, old.sigdata, old.depsig]).toEqual([true, false, false, true]);
  });

  it('infers mc1 for a taskhash only the server knows, from its class', () => {
    const page = ws.queryTasks({ recipe: 'zlib', task: 'do_populate_sysroot', mc: 'mc1' });
    expect(page.rows.map((r) => r.taskhash!.slice(0, 8)).sort()).toEqual(['32510d13', 'b48d2a49']);
  });

  it('searches names and hash prefixes', () => {
    expect(ws.queryTasks({ search: ZLIB_UNIHASH }).total).toBe(2);
    expect(ws.queryTasks({ search: 'zlib populate_sysroot' }).total).toBe(6);
    expect(ws.queryTasks({ search: 'nosuchthing' }).total).toBe(0);
    // An outhash prefix finds the rows that reported it (run 1 and run 2 of zlib populate_sysroot).
    const outhash = ws.queryTasks({ search: ZLIB_UNIHASH }).rows[0]!.outhashes[0]!;
    expect(ws.queryTasks({ search: outhash.slice(0, 10) }).total).toBe(2);
  });

  it('filters, sorts and pages', () => {
    expect(ws.queryTasks({ filters: ['equivalent'] }).total).toBe(10);
    // 15 rows from mc1's stamps plus 2 server-only taskhashes placed in mc1 by their class.
    expect(ws.queryTasks({ filters: ['multiconfig'] }).total).toBe(17);
    expect(ws.queryTasks({ filters: ['shared-unihash', 'equivalent'] }).total).toBe(10);
    const all = ws.queryTasks({ sort: { column: 'taskhash', dir: 'desc' }, limit: 1000 });
    expect(all.total).toBe(122);
    const hashes = all.rows.map((r) => r.taskhash ?? '');
    expect(hashes).toEqual([...hashes].sort().reverse());
    const p1 = ws.queryTasks({ offset: 0, limit: 50 });
    const p3 = ws.queryTasks({ offset: 100, limit: 50 });
    expect(p3.rows).toHaveLength(22);
    expect(new Set([...p1.rows, ...p3.rows].map((r) => r.key)).size).toBe(72);
  });

  it('gives facets per recipe, task and filter', () => {
    const f = ws.facets({ recipe: 'zlib' });
    expect(f.total).toBe(ws.queryTasks({ recipe: 'zlib' }).total);
    // The recipe facet ignores the chosen recipe, so the others stay visible.
    expect(f.recipes.map((r) => r.value).sort()).toEqual([
      'busybox',
      'initscripts',
      'openssl',
      'quilt-native',
      'u-boot',
      'zlib',
      'zlib-native',
    ]);
    expect(f.filters.equivalent).toBe(ws.queryTasks({ recipe: 'zlib', filters: ['equivalent'] }).total);
    expect(f.mcs.find((m) => m.value === 'mc1')?.count).toBeGreaterThan(0);
  });

  it('lists equivalence classes with their members and outhashes', () => {
    const page = ws.classes({ minMembers: 2, limit: 100 });
    expect(page.total).toBe(10);
    const zlib = page.rows.find((c) => c.unihash.startsWith(ZLIB_UNIHASH))!;
    expect(zlib.method).toBe('oe.sstatesig.OEOuthashBasic');
    expect(zlib.members).toHaveLength(2);
    expect(zlib.members[0]!.canonical).toBe(true);
    expect(zlib.members[0]!.outhash).toBe(zlib.members[1]!.outhash);
    expect(ws.classes({ limit: 1 }).total).toBe(103);
  });

  it('details one task with its files', () => {
    const row = ws.queryTasks({ search: `${ZLIB_RUN2_TASKHASH}` }).rows[0]!;
    const d = ws.task(row.key);
    const kinds = d.files.map((f) => f.kind).sort();
    // Both runs' depsig files hash to the same outhash (the output did not change).
    expect(kinds).toEqual(['depsig', 'depsig', 'sigdata', 'siginfo', 'sstate', 'stamp']);
    expect(d.files.find((f) => f.kind === 'sstate')!.path).toMatch(
      /sstate:zlib:core2-64-poky-linux:1\.3\.1:r0:core2-64:14:ec9e112e/,
    );
    expect(d.reports).toHaveLength(1);
    expect(d.reports[0]!.hasSiginfo).toBe(true);
    expect(d.equivalence?.members).toHaveLength(2);
    expect(d.siblings.map((s) => s.taskhash)).toEqual([row.unihash]);
    expect(() => ws.task('nope')).toThrow(/No task with key/);
  });

  it('lets the sync and event-log features fill their columns', () => {
    const ids = [...ws.rowIdentities()];
    expect(ids).toHaveLength(122);
    const key = ids[0]!.key;
    expect(ws.setServerStatus({ [key]: 'different', unknown: 'same' })).toBe(1);
    expect(ws.setOutcomes({ [key]: 'ran' })).toBe(1);
    expect(ws.queryTasks({ filters: ['differs', 'ran'] }).rows.map((r) => r.key)).toEqual([key]);
    expect(ws.facets({}).filters.differs).toBe(1);
    ws.setServerStatus({ [key]: null });
    ws.setOutcomes({ [key]: null });
  });

  it('rejects a bad query with INVALID_INPUT', () => {
    expect(() => ws.queryTasks({ limit: 100000 })).toThrow(/Invalid task query/);
  });

  it('never writes into the build directory', () => {
    expect(snapshotTree(FIXTURE_BUILDDIR)).toEqual(before);
  });
});

describe('a broken source does not take the build down', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-broken-'));
    cpSync(FIXTURE_BUILDDIR, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(dir, 'cache', 'bb_unihashes.dat'), Buffer.from([0x80, 0x05, 0x95, 0x01]));
    for (const f of ['hashserv.db', 'hashserv.db-wal', 'hashserv.db-shm'])
      rmSync(path.join(dir, 'cache', f), { force: true });
    writeFileSync(path.join(dir, 'cache', 'hashserv.db'), 'this is not sqlite');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the failing sources with their errors and indexes the rest', async () => {
    const ws = await openWorkspace([dir]);
    try {
      const b = ws.summary().builds[0]!;
      const bad = b.sources.filter((s) => s.status === 'error');
      expect(bad.map((s) => [s.kind, s.error?.code])).toEqual([
        ['hashserv-db', 'BAD_FORMAT'],
        ['unihash-cache', 'TRUNCATED'],
      ]);
      expect(bad[0]!.error!.where?.file).toBe(path.join(dir, 'cache', 'hashserv.db'));
      // Stamps, sigdata and sstate still give rows.
      expect(b.counts.rows).toBeGreaterThan(90);
      expect(
        ws
          .queryTasks({ recipe: 'zlib', task: 'do_populate_sysroot', mc: '' })
          .rows[0]!.unihashes.map((u) => u.kind),
      ).toEqual(['stamps-dir']);
    } finally {
      ws.close();
    }
  });

  it('throws NOT_FOUND for a path that does not exist', async () => {
    const ws = await openWorkspace([path.join(dir, 'nope')]);
    const s = ws.summary().builds[0]!.sources;
    expect(s.map((x) => [x.status, x.error?.code])).toEqual([['error', 'NOT_FOUND']]);
    ws.close();
  });
});
