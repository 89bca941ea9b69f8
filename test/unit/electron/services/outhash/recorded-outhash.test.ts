import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedOuthashes } from '../../../../../electron/services/outhash/recorded-outhash';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';
import { crashWriter, makeTemp, rmTemp } from '../sources/sqlite-readonly/sqlite-test-utils';

// zlib populate_sysroot of the fixture build: its unihash names the archive; hashserv.db holds two
// reports of the same outhash (the taskhash equal to the unihash, and a29a4459... mapped to it).
const ZLIB_SYSROOT_UNIHASH = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';
const ZLIB_SYSROOT_OUTHASH = '66ad500def6f9195af0898501159dda255aeaad8e93789ae62886373e44fb18b';
// A row committed by a writer that then dies: it lives only in -wal (checkpoints are off).
const CRASHED_INSERT =
  "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 't-crash', 'u-crash', '')";

describe('recordedOuthashes opens the user database without writing beside it', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = makeTemp('hashequiv-recorded-');
    db = path.join(dir, 'hashserv.db');
    // Only the main file (a WAL-mode database): the fixture dir's -wal/-shm are not ours to copy.
    copyFileSync(path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db'), db);
  });
  afterEach(() => rmTemp(dir));

  it('a checkpointed WAL database: finds the outhash, creates no -wal/-shm', () => {
    const before = snapshotTree(dir);
    const rows = recordedOuthashes(db, ZLIB_SYSROOT_UNIHASH);
    expect(rows.map((r) => [r.taskhash.slice(0, 8), r.outhash])).toEqual([
      ['ec9e112e', ZLIB_SYSROOT_OUTHASH],
      ['a29a4459', ZLIB_SYSROOT_OUTHASH],
    ]);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a crashed writer left -wal and -shm: both stay byte-identical', () => {
    crashWriter(dir, db, CRASHED_INSERT);
    rmSync(path.join(dir, 'crash-writer.mjs'));
    expect(existsSync(`${db}-wal`) && existsSync(`${db}-shm`)).toBe(true);
    const before = snapshotTree(dir);
    expect(new Set(recordedOuthashes(db, ZLIB_SYSROOT_UNIHASH).map((r) => r.outhash))).toEqual(
      new Set([ZLIB_SYSROOT_OUTHASH]),
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('-wal without -shm: no -shm is created', () => {
    crashWriter(dir, db, CRASHED_INSERT);
    rmSync(path.join(dir, 'crash-writer.mjs'));
    rmSync(`${db}-shm`);
    const before = snapshotTree(dir);
    expect(new Set(recordedOuthashes(db, ZLIB_SYSROOT_UNIHASH).map((r) => r.outhash))).toEqual(
      new Set([ZLIB_SYSROOT_OUTHASH]),
    );
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(`${db}-shm`)).toBe(false);
  });

  it('a file that is not SQLite is BAD_FORMAT with the file', () => {
    const bogus = path.join(dir, 'not.db');
    copyFileSync(path.join(FIXTURE_BUILDDIR, 'cache', 'bb_unihashes.dat'), bogus);
    expect(() => recordedOuthashes(bogus, ZLIB_SYSROOT_UNIHASH)).toThrow(
      expect.objectContaining({ code: 'BAD_FORMAT', where: expect.objectContaining({ file: bogus }) }),
    );
  });
});
