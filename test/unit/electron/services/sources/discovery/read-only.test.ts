import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../../../shared/model/errors';
import { readDepsigText, scanDepsigs } from '../../../../../../electron/services/sources/depsig';
import { discoverBuild } from '../../../../../../electron/services/sources/discovery';
import { openHashservDb } from '../../../../../../electron/services/sources/hashserv-db';
import { openPersistData } from '../../../../../../electron/services/sources/persist-data';
import { scanStamps } from '../../../../../../electron/services/sources/stamps';
import { readUnihashCache } from '../../../../../../electron/services/sources/unihashes';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../../helpers/paths';
import { snapshotTree } from '../../../../../helpers/tree-snapshot';
import { makeTemp, rmTemp, startWriter } from '../sqlite-readonly/sqlite-test-utils';

/** Runs discovery and reads every record of every local source of the build dir. */
async function readEverything(root: string): Promise<{ unihashes: number; sources: number }> {
  const d = await discoverBuild(root);
  let unihashes = 0;
  for (const s of d.sources) {
    if (s.kind === 'hashserv-db' && s.status === 'ok') {
      const db = openHashservDb(s.path);
      for (const _ of db.iterateUnihashes()) unihashes++;
      for (const o of db.iterateOuthashes()) expect(o.outhash).toMatch(/^[0-9a-f]{64}$/);
      db.summary();
      db.close();
    } else if (s.kind === 'persist-data') {
      const db = openPersistData(s.path);
      expect([...db.iterateUnihashCache()]).toHaveLength(21);
      db.close();
    } else if (s.kind === 'unihash-cache') {
      expect(readUnihashCache(s.path).entries).toHaveLength(35);
    } else if (s.kind === 'stamps-dir') {
      expect([...scanStamps(s.path, { mc: s.mc })].length).toBeGreaterThan(0);
    } else if (s.kind === 'depsig') {
      for (const r of scanDepsigs(s.path, { mc: s.mc })) expect(readDepsigText(r).length).toBeGreaterThan(0);
    }
  }
  return { unihashes, sources: d.sources.length };
}

describe('nothing under a build directory changes while we read it', () => {
  let tmp: string;
  let build: string;
  beforeAll(() => {
    tmp = makeTemp();
    build = path.join(tmp, 'build');
    cpSync(FIXTURE_BUILDDIR, build, { recursive: true, filter: (s) => !/-(wal|shm)$/.test(s) });
    // An old build dir also keeps its legacy persist_data database.
    cpSync(
      path.join(FIXTURES, 'bb_persist_data.sqlite3'),
      path.join(build, 'cache', 'bb_persist_data.sqlite3'),
    );
  });
  afterAll(() => rmTemp(tmp));

  it('idle build: same checksums, listings and mtimes; no -wal/-shm/-journal created', async () => {
    const before = snapshotTree(build);
    const r = await readEverything(build);
    expect(r).toEqual({ unihashes: 46, sources: 9 });
    expect(snapshotTree(build)).toEqual(before);
    expect(readdirSync(path.join(build, 'cache')).sort()).toEqual([
      'bb_persist_data.sqlite3',
      'bb_unihashes.dat',
      'hashserv.db',
    ]);
  });

  it('while another process holds a write transaction on hashserv.db in WAL mode', async () => {
    const db = path.join(build, 'cache', 'hashserv.db');
    const writer = await startWriter(
      tmp,
      db,
      "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 'committed', 'u', '')",
      "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 'held', 'u', '')",
    );
    try {
      const before = snapshotTree(build);
      expect(
        Object.keys(Object.fromEntries(before)).filter((k) => k.startsWith('cache/hashserv.db')),
      ).toEqual(['cache/hashserv.db', 'cache/hashserv.db-shm', 'cache/hashserv.db-wal']);
      const r = await readEverything(build);
      expect(r.unihashes).toBe(47); // the committed row, not the one in the open transaction
      expect(snapshotTree(build)).toEqual(before);
    } finally {
      await writer.stop();
    }
  });
});

describe('files vanishing during a scan', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTemp();
  });
  afterAll(() => rmTemp(tmp));

  it('reports vanished stamps as NOT_FOUND warnings and finishes', () => {
    const stamps = path.join(tmp, 'stamps');
    cpSync(path.join(FIXTURE_BUILDDIR, 'tmp-mc1', 'stamps'), stamps, { recursive: true });
    const zlib = path.join(stamps, 'cortexa57-poky-linux', 'zlib');
    const warnings: ErrorInfo[] = [];
    let seen = 0;
    for (const _ of scanStamps(stamps, { onWarning: (w) => warnings.push(w) })) {
      // BitBake replaces stamps as tasks run: remove the whole dir after the first record.
      if (seen++ === 0) rmSync(zlib, { recursive: true });
    }
    expect(seen).toBe(1);
    expect(warnings).toHaveLength(29);
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(['NOT_FOUND']));
  });
});
