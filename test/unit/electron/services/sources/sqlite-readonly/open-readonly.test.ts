import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InspectorError } from '../../../../../../shared/model/errors';
import {
  openSqliteReadonly,
  planReadonlyOpen,
} from '../../../../../../electron/services/sources/sqlite-readonly';
import { FIXTURES } from '../../../../../helpers/paths';
import { snapshotTree } from '../../../../../helpers/tree-snapshot';
import {
  canDropPrivileges,
  crashWriter,
  makeTemp,
  rmTemp,
  runAsNobody,
  startWriter,
} from './sqlite-test-utils';

const INSERT =
  "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 't-new', 'u-new', '')";

const HELD =
  "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 't-held', 'u-held', '')";

function countUnihashes(file: string): number {
  const rdb = openSqliteReadonly(file);
  try {
    return Number(rdb.db.prepare('SELECT count(*) AS n FROM unihashes_v3').get()?.n);
  } finally {
    rdb.close();
  }
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

describe('openSqliteReadonly', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = makeTemp();
    mkdirSync(path.join(dir, 'cache'));
    db = path.join(dir, 'cache', 'hashserv.db');
    // Only the main file: the fixture dir may carry -wal/-shm left by other tools.
    copyFileSync(path.join(FIXTURES, 'hashserv.db'), db);
  });
  afterEach(() => rmTemp(dir));

  it('opens a checkpointed WAL database immutable and creates no -wal/-shm', () => {
    const before = snapshotTree(dir);
    const plan = planReadonlyOpen(db);
    expect(plan).toMatchObject({ mode: 'immutable', journal: 'wal', walIgnored: false });
    expect(countUnihashes(db)).toBe(51);
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(`${db}-shm`)).toBe(false);
  });

  it('reads committed WAL rows while another process holds a write transaction, changing nothing', async () => {
    const writer = await startWriter(dir, db, INSERT, HELD);
    try {
      const before = snapshotTree(dir);
      expect(planReadonlyOpen(db).mode).toBe('ro-wal');
      // 51 + the committed row; the row inside the open transaction is invisible.
      expect(countUnihashes(db)).toBe(52);
      expect(snapshotTree(dir)).toEqual(before);
    } finally {
      await writer.stop();
    }
  });

  it('reads the WAL of a crashed writer without rebuilding its -shm (readonly_shm)', () => {
    crashWriter(dir, db, INSERT);
    expect(existsSync(`${db}-wal`) && existsSync(`${db}-shm`)).toBe(true);
    const before = snapshotTree(dir);
    expect(countUnihashes(db)).toBe(52);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('falls back to immutable when -wal exists without -shm, and says the WAL was ignored', () => {
    crashWriter(dir, db, INSERT);
    rmTemp(`${db}-shm`);
    const before = snapshotTree(dir);
    const plan = planReadonlyOpen(db);
    expect(plan).toMatchObject({ mode: 'immutable', walIgnored: true });
    expect(countUnihashes(db)).toBe(51);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('opens rollback-journal databases with mode=ro', () => {
    const f = path.join(dir, 'rollback.db');
    const bytes = readFileSync(db);
    bytes[18] = 1; // file format write/read version 1 = legacy rollback journal
    bytes[19] = 1;
    writeFileSync(f, bytes);
    expect(planReadonlyOpen(f)).toMatchObject({ mode: 'ro', journal: 'rollback' });
    expect(countUnihashes(f)).toBe(51);
  });

  it('reports wrong magic, a cut header, a truncated file, a missing file and a directory', () => {
    const bad = path.join(dir, 'bad.db');
    writeFileSync(bad, Buffer.from('SQLite format 2\0'.padEnd(200, 'x')));
    expect(thrown(() => openSqliteReadonly(bad))).toMatchObject({
      code: 'BAD_FORMAT',
      where: { file: bad, offset: 0 },
    });
    writeFileSync(bad, readFileSync(db).subarray(0, 60));
    expect(thrown(() => openSqliteReadonly(bad))).toMatchObject({ code: 'TRUNCATED', where: { offset: 60 } });
    writeFileSync(bad, readFileSync(db).subarray(0, 100_000));
    const e = thrown(() => openSqliteReadonly(bad));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toContain('52 pages of 4096 bytes');
    expect(thrown(() => openSqliteReadonly(path.join(dir, 'nope.db')))).toMatchObject({ code: 'NOT_FOUND' });
    expect(thrown(() => openSqliteReadonly(path.join(dir, 'cache')))).toMatchObject({ code: 'NOT_A_FILE' });
  });

  describe.skipIf(!canDropPrivileges())('as an unprivileged user (child process with uid nobody)', () => {
    const reader = path.resolve('electron/services/sources/sqlite-readonly/index.ts');
    const snippet = (file: string): string => `
import { openSqliteReadonly } from ${JSON.stringify(reader)};
try {
  const r = openSqliteReadonly(${JSON.stringify(file)});
  const n = Number(r.db.prepare('SELECT count(*) AS n FROM unihashes_v3').get()?.n);
  console.log(JSON.stringify({ n, mode: r.plan.mode }));
  r.close();
} catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
`;
    it('reads a WAL database (no -wal file) in a directory it may not write', () => {
      chmodSync(dir, 0o755);
      chmodSync(path.join(dir, 'cache'), 0o555);
      chmodSync(db, 0o444);
      expect(runAsNobody(dir, snippet(db))).toEqual({ n: 51, mode: 'immutable' });
    });

    it('reads the checkpointed content when -wal has no -shm in a directory it may not write', () => {
      chmodSync(dir, 0o755);
      crashWriter(dir, db, INSERT);
      rmTemp(`${db}-shm`);
      chmodSync(path.join(dir, 'cache'), 0o555);
      expect(runAsNobody(dir, snippet(db))).toEqual({ n: 51, mode: 'immutable' });
      chmodSync(path.join(dir, 'cache'), 0o755);
    });

    it('reads a live WAL database whose -shm it may not write', async () => {
      chmodSync(dir, 0o755);
      chmodSync(db, 0o644);
      const writer = await startWriter(dir, db, INSERT, HELD);
      try {
        chmodSync(path.join(dir, 'cache'), 0o555);
        expect(runAsNobody(dir, snippet(db))).toEqual({ n: 52, mode: 'ro-wal' });
      } finally {
        chmodSync(path.join(dir, 'cache'), 0o755);
        await writer.stop();
      }
    });

    it('reports PERMISSION_DENIED for a file it may not read', () => {
      chmodSync(dir, 0o755);
      chmodSync(db, 0o600);
      expect(runAsNobody(dir, snippet(db))).toMatchObject({ code: 'PERMISSION_DENIED' });
    });
  });
  if (!canDropPrivileges())
    console.warn('skipped uid-drop tests: not running as root, cannot spawn as nobody');
});
