import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectorError } from '../../../../../../shared/model/errors';
import type { OuthashRow, UnihashRow } from '../../../../../../shared/model/sources';
import {
  detectHashservSchema,
  openHashservDb,
} from '../../../../../../electron/services/sources/hashserv-db';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../../helpers/paths';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

const METHOD = 'oe.sstatesig.OEOuthashBasic';

function readAll(file: string): { unihashes: UnihashRow[]; outhashes: OuthashRow[] } {
  const db = openHashservDb(file);
  try {
    return {
      unihashes: [...db.iterateUnihashes({ batchSize: 7 })],
      outhashes: [...db.iterateOuthashes({ batchSize: 4 })],
    };
  } finally {
    db.close();
  }
}

function classSizes(rows: UnihashRow[]): number[] {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.unihash, (by.get(r.unihash) ?? 0) + 1);
  return [...by.values()].sort((a, b) => b - a);
}

function thrown(fn: () => unknown): InspectorError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InspectorError) return err;
    throw err;
  }
  throw new Error('expected an InspectorError');
}

let tmp: string;
let fixtureDb: string;
beforeAll(() => {
  tmp = makeTemp();
  // A private copy of the main file only: the shared fixture dir may carry -wal/-shm of other tools.
  fixtureDb = path.join(tmp, 'hashserv.db');
  copyFileSync(path.join(FIXTURES, 'hashserv.db'), fixtureDb);
});
afterAll(() => rmTemp(tmp));

describe('openHashservDb on the standalone server fixture (schema v3)', () => {
  it('summarizes: 51 reports, 33 distinct unihashes, users admin and builder', () => {
    const db = openHashservDb(fixtureDb);
    const s = db.summary();
    const counts = db.counts();
    db.close();
    expect(counts).toEqual({ unihashRows: 51, outhashRows: 51, distinctUnihashes: 33 });
    expect(s).toMatchObject({
      schema: 'v3',
      tables: ['config', 'outhashes_v2', 'unihashes_v3', 'users'],
      methods: [METHOD],
      unihashRows: 51,
      outhashRows: 51,
      distinctUnihashes: 33,
      gcMark: null,
      config: {},
    });
    expect(s.users.map((u) => [u.username, u.permissions])).toEqual([
      ['admin', ['@all']],
      ['builder', ['@read', '@report']],
    ]);
    expect(s.users[0]?.token).toBe(
      'sha256:8aec30c20c1ea955:afc8c9ccaeef4c533b349fcfa2255e4e6b7627098ccfb39c3a7dfe511905d5f6',
    );
  });

  it('streams every row in id order, in batches, with task metadata', () => {
    const { unihashes, outhashes } = readAll(fixtureDb);
    expect(unihashes).toHaveLength(51);
    expect(outhashes).toHaveLength(51);
    expect(unihashes.map((r) => r.id)).toEqual([...unihashes.map((r) => r.id)].sort((a, b) => a - b));
    expect(new Set(unihashes.map((r) => r.id)).size).toBe(51);
    expect(unihashes[0]).toEqual({
      id: 1,
      method: METHOD,
      taskhash: 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0',
      unihash: 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0',
      gcMark: '',
    });
    const first = outhashes[0];
    expect(first).toMatchObject({
      id: 1,
      outhash: 'a92548b6a57b81a99bdaf3b7b4023e64c98bf0b2f43c9ac5b47aebc731ca0d57',
      created: '2026-11-25T08:06:08.508674+00:00',
      owner: 'ci@example.com',
      pn: 'zlib',
      pv: '1.3.1',
      pr: 'r0',
      task: 'populate_sysroot',
    });
    expect(
      first?.outhashSiginfo?.startsWith(
        'OEOuthashBasic\n18\nSSTATE_PKGSPEC=sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-',
      ),
    ).toBe(true);
    expect(outhashes.filter((o) => o.owner === 'builder')).toHaveLength(5);
  });

  it('gives the equivalence classes of the README: 5 of 3 (zlib), 8 of 2, 20 alone', () => {
    const { unihashes, outhashes } = readAll(fixtureDb);
    const sizes = classSizes(unihashes);
    expect(sizes.length).toBe(33);
    expect(sizes.filter((n) => n === 3)).toHaveLength(5);
    expect(sizes.filter((n) => n === 2)).toHaveLength(8);
    expect(sizes.filter((n) => n === 1)).toHaveLength(20);
    const byTaskhash = new Map(unihashes.map((u) => [u.taskhash, u.unihash]));
    const zlibSysroot = outhashes.filter((o) => o.pn === 'zlib' && o.task === 'populate_sysroot');
    expect(new Set(zlibSysroot.map((o) => byTaskhash.get(o.taskhash)))).toEqual(
      new Set(['b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0']),
    );
  });

  it('filters by method and honours cancellation', () => {
    const db = openHashservDb(fixtureDb);
    try {
      expect([...db.iterateUnihashes({ method: 'other' })]).toHaveLength(0);
      expect([...db.iterateOuthashes({ method: METHOD, batchSize: 10 })]).toHaveLength(51);
      const ac = new AbortController();
      ac.abort();
      expect(thrown(() => [...db.iterateUnihashes({ signal: ac.signal })]).code).toBe('CANCELLED');
    } finally {
      db.close();
    }
  });
});

describe('openHashservDb on the auto server of the fixture build dir', () => {
  it('has 46 rows and 36 distinct unihashes', () => {
    const f = path.join(tmp, 'builddir-hashserv.db');
    copyFileSync(path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db'), f);
    const db = openHashservDb(f);
    const s = db.summary();
    db.close();
    expect([s.schema, s.unihashRows, s.outhashRows, s.distinctUnihashes, s.users.length]).toEqual([
      'v3',
      46,
      46,
      36,
      0,
    ]);
  });
});

/** Builds an older-schema database (DDL of spec local-caches.md §C.3) from the fixture's rows. */
function buildOld(schema: 'tasks_v1' | 'tasks_v2' | 'split_v2'): string {
  const { unihashes, outhashes } = readAll(fixtureDb);
  const uni = new Map(unihashes.map((u) => [u.taskhash, u.unihash]));
  const file = path.join(tmp, `${schema}.db`);
  const db = new DatabaseSync(file);
  const cols = `method TEXT NOT NULL, outhash TEXT NOT NULL, taskhash TEXT NOT NULL, unihash TEXT NOT NULL,
    created DATETIME, owner TEXT, PN TEXT, PV TEXT, PR TEXT, task TEXT, outhash_siginfo TEXT`;
  if (schema === 'tasks_v1') {
    db.exec(`CREATE TABLE tasks_v1 (id INTEGER PRIMARY KEY AUTOINCREMENT, ${cols})`);
  } else if (schema === 'tasks_v2') {
    db.exec(`CREATE TABLE tasks_v2 (id INTEGER PRIMARY KEY AUTOINCREMENT, ${cols}, UNIQUE(method, outhash, taskhash));
      CREATE INDEX taskhash_lookup_v2 ON tasks_v2 (method, taskhash, created);
      CREATE INDEX outhash_lookup_v2 ON tasks_v2 (method, outhash);`);
  } else {
    db.exec(`CREATE TABLE unihashes_v2 (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,
        taskhash TEXT NOT NULL, unihash TEXT NOT NULL, UNIQUE(method, taskhash));
      CREATE TABLE outhashes_v2 (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, taskhash TEXT NOT NULL,
        outhash TEXT NOT NULL, created DATETIME, owner TEXT, PN TEXT, PV TEXT, PR TEXT, task TEXT, outhash_siginfo TEXT,
        UNIQUE(method, taskhash, outhash));
      CREATE INDEX taskhash_lookup_v3 ON unihashes_v2 (method, taskhash);
      CREATE INDEX outhash_lookup_v3 ON outhashes_v2 (method, outhash);`);
    const ins = db.prepare('INSERT INTO unihashes_v2 (id, method, taskhash, unihash) VALUES (?, ?, ?, ?)');
    for (const u of unihashes) ins.run(u.id, u.method, u.taskhash, u.unihash);
  }
  const ins =
    schema === 'split_v2'
      ? db.prepare(`INSERT INTO outhashes_v2 (method, taskhash, outhash, created, owner, PN, PV, PR, task, outhash_siginfo)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      : db.prepare(`INSERT INTO ${schema} (method, taskhash, outhash, created, owner, PN, PV, PR, task, outhash_siginfo, unihash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const o of outhashes) {
    const args = [
      o.method,
      o.taskhash,
      o.outhash,
      o.created,
      o.owner,
      o.pn,
      o.pv,
      o.pr,
      o.task,
      o.outhashSiginfo,
    ];
    if (schema === 'split_v2') ins.run(...args);
    else ins.run(...args, uni.get(o.taskhash) ?? '');
  }
  if (schema !== 'split_v2') {
    // A later, non-reproducible report of the first taskhash: its own row carries another
    // unihash, but the taskhash's mapping stays the first row's.
    const o = outhashes[0]!;
    ins.run(o.method, o.taskhash, 'f'.repeat(64), null, null, null, null, null, null, null, 'e'.repeat(64));
  }
  db.close();
  return file;
}

describe('older schemas (built with the DDL of the spec)', () => {
  for (const schema of ['tasks_v1', 'tasks_v2', 'split_v2'] as const) {
    it(`reads ${schema}`, () => {
      const file = buildOld(schema);
      const db = openHashservDb(file);
      const s = db.summary();
      // The probe's counts-only path agrees with the summary in every schema (one-table ones too).
      expect(db.counts()).toEqual({
        unihashRows: s.unihashRows,
        outhashRows: s.outhashRows,
        distinctUnihashes: s.distinctUnihashes,
      });
      const unihashes = [...db.iterateUnihashes({ batchSize: 5 })];
      const outhashes = [...db.iterateOuthashes({ batchSize: 5 })];
      db.close();
      expect(s.schema).toBe(schema);
      expect(s.unihashRows).toBe(51);
      expect(s.distinctUnihashes).toBe(schema === 'split_v2' ? 33 : 34); // + the 'e…' row's own unihash
      expect(unihashes).toHaveLength(51);
      expect(classSizes(unihashes).filter((n) => n === 3)).toHaveLength(5);
      expect(unihashes[0]).toMatchObject({
        taskhash: 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0',
        unihash: 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0',
      });
      expect(unihashes[0]?.gcMark).toBeUndefined();
      expect(outhashes).toHaveLength(schema === 'split_v2' ? 51 : 52);
      expect(outhashes[0]).toMatchObject({ pn: 'zlib', task: 'populate_sysroot', owner: 'ci@example.com' });
      if (schema !== 'split_v2') expect(outhashes[51]?.unihash).toBe('e'.repeat(64));
    });
  }

  it('detects the newest schema when an upgraded database keeps tasks_v1', () => {
    expect(detectHashservSchema(['tasks_v1', 'unihashes_v3', 'outhashes_v2', 'users', 'config'])).toEqual({
      schema: 'v3',
      otherSchemas: ['tasks_v1'],
    });
    expect(detectHashservSchema(['BB_URI_HEADREVS'])).toBeNull();
  });
});

describe('bad input', () => {
  it('rejects a database without hashserv tables, naming what it found', () => {
    const e = thrown(() => openHashservDb(path.join(tmp, 'missing.db')));
    expect(e.code).toBe('NOT_FOUND');
    const persist = path.join(tmp, 'persist.sqlite3');
    copyFileSync(path.join(FIXTURES, 'bb_persist_data.sqlite3'), persist);
    const e2 = thrown(() => openHashservDb(persist));
    expect(e2.code).toBe('BAD_FORMAT');
    expect(e2.message).toContain('BB_URI_HEADREVS');
    const empty = path.join(tmp, 'empty.db');
    writeFileSync(empty, '');
    expect(thrown(() => openHashservDb(empty)).message).toContain('no tables');
  });

  it('reports a corrupt page as BAD_FORMAT with the file and table, not a crash', () => {
    const bytes = readFileSync(fixtureDb);
    // Overwrite every page after the schema page with garbage (page size 4096).
    bytes.fill(0xa5, 4096 * 2);
    const bad = path.join(tmp, 'corrupt.db');
    writeFileSync(bad, bytes);
    const e = thrown(() => {
      const db = openHashservDb(bad);
      try {
        return [...db.iterateUnihashes(), ...db.iterateOuthashes()];
      } finally {
        db.close();
      }
    });
    expect(e.code).toBe('BAD_FORMAT');
    expect(e.where?.file).toBe(bad);
  });
});
