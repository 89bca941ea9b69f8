import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoBuild } from '../../../../../electron/services/workspace/demo';
import { buildDemoModel } from '../../../../../electron/services/workspace/demo/demo-model';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { readSigFile } from '../../../../../electron/services/sources/siginfo/read-sig-file';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

describe('the demo build', () => {
  let cache: string;
  let dir: string;
  let ws: Workspace;

  beforeAll(async () => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'demo-cache-'));
    dir = await ensureDemoBuild({ cacheDir: cache });
    ws = await openWorkspace([dir]);
  });
  afterAll(() => {
    ws?.close();
    rmSync(cache, { recursive: true, force: true });
  });

  it('is generated once into the cache dir and reused', async () => {
    expect(dir).toBe(path.join(cache, 'demo-1'));
    const mtime = statSync(path.join(dir, 'cache', 'hashserv.db')).mtimeMs;
    expect(await ensureDemoBuild({ cacheDir: cache })).toBe(dir);
    expect(statSync(path.join(dir, 'cache', 'hashserv.db')).mtimeMs).toBe(mtime);
  });

  it('opens with every source readable', () => {
    const b = ws.summary().builds[0]!;
    expect(b.multiconfigs).toEqual(['mc1']);
    expect(b.sources.map((s) => [s.kind, path.relative(dir, s.path), s.status, s.counts ?? null])).toEqual([
      ['conf', 'conf/local.conf', 'ok', { assignments: 9 }],
      ['conf', 'conf/multiconfig/mc1.conf', 'ok', { assignments: 2 }],
      ['hashserv-db', 'cache/hashserv.db', 'ok', { unihashes: 178, outhashes: 179, distinctUnihashes: 168 }],
      ['unihash-cache', 'cache/bb_unihashes.dat', 'ok', { entries: 165, remapped: 10 }],
      ['stamps-dir', 'tmp/stamps', 'ok', { stamp: 388, setscene: 0, sigdata: 404, sigbasedata: 0, taint: 0 }],
      ['depsig', 'tmp/work', 'ok', { depsig: 140, files: 150 }],
      [
        'stamps-dir',
        'tmp-mc1/stamps',
        'ok',
        { stamp: 65, setscene: 0, sigdata: 79, sigbasedata: 0, taint: 0 },
      ],
      ['depsig', 'tmp-mc1/work', 'ok', { depsig: 25, files: 33 }],
      ['sstate-dir', 'sstate-cache', 'ok', { archives: 168, siginfo: 168 }],
    ]);
    expect(b.warnings).toEqual([]);
  });

  it('has the expected tasks, equivalences and special cases', () => {
    expect(ws.summary().counts).toEqual({
      rows: 493,
      recipes: 31,
      tasks: 453,
      unihashes: 463,
      equivalent: 10,
      disagree: 1,
      withSstate: 183,
      classes: 10,
    });
    // ZLIB_CFLAGS changed: zlib's populate_sysroot got a new taskhash folded into the old unihash.
    const zlib = ws.queryTasks({ recipe: 'zlib', task: 'do_populate_sysroot', mc: '' });
    expect(zlib.total).toBe(2);
    expect(new Set(zlib.rows.map((r) => r.unihash)).size).toBe(1);
    expect(zlib.rows.filter((r) => r.taskhash !== r.unihash)).toHaveLength(1);
    // BUSYBOX_APPLETS changed the output: two unihashes, no equivalence.
    const bb = ws.queryTasks({ recipe: 'busybox', task: 'do_package', mc: '' });
    expect(bb.rows.map((r) => r.taskhash === r.unihash)).toEqual([true, true]);
    // The disagreement and the non-reproducible output.
    const dis = ws.queryTasks({ filters: ['disagree'] }).rows;
    expect(dis.map((r) => r.tid)).toEqual([':sqlite3:do_populate_sysroot']);
    expect(dis[0]!.unihashes.map((u) => u.kind)).toEqual(['unihash-cache', 'hashserv-db', 'stamps-dir']);
    expect(
      ws.queryTasks({ filters: ['multi-outhash'] }).rows.map((r) => [r.tid, r.outhashes.length]),
    ).toEqual([[':python3:do_package', 2]]);
    const classes = ws.classes({ minMembers: 2, limit: 100 }).rows;
    // zlib and initscripts in both configurations (populate_sysroot, package), libffi in the default one.
    expect(classes).toHaveLength(10);
    expect(new Set(classes.map((c) => c.members[0]!.pn))).toEqual(new Set(['zlib', 'libffi', 'initscripts']));
    for (const c of classes) expect(new Set(c.members.map((m) => m.outhash)).size).toBe(1);
  });

  it('writes self-consistent signatures (hashes recompute) named by their unihash', async () => {
    const row = ws.queryTasks({ recipe: 'zlib', task: 'do_compile', mc: '', filters: [] }).rows[0]!;
    const d = ws.task(row.key);
    const sig = d.files.find((f) => f.kind === 'sigdata')!;
    const file = await readSigFile(sig.path);
    expect(file.basehashMatches).toBe(true);
    expect(file.taskhashMatches).toBe(true);
    expect(file.data.unihash).toBe(sig.hash);
  });

  it('is deterministic', () => {
    const a = buildDemoModel();
    const b = buildDemoModel();
    const hashes = (m: ReturnType<typeof buildDemoModel>) =>
      [...m.runs[1].values()].map((r) => `${r.taskhash}:${r.unihash}`);
    expect(hashes(a)).toEqual(hashes(b));
    const dat = createHash('sha256')
      .update(readFileSync(path.join(dir, 'cache', 'bb_unihashes.dat')))
      .digest('hex');
    // Golden value: python3's pickle.load reads this file as [{165 entries}, '3'].
    expect(dat).toBe('9499fd8a1aceb73f3d4d2133ea1a16ba0ae39e495695442ff185147dd87c9b56');
    expect([...snapshotTree(path.join(dir, 'conf')).keys()]).toEqual([
      'bblayers.conf',
      'local.conf',
      'multiconfig',
      'multiconfig/mc1.conf',
    ]);
  });
});
