/**
 * Sweep of SQLite opens: every reader of a user's database goes through
 * electron/services/sources/sqlite-readonly (which never creates or changes -wal/-shm/-journal
 * beside the file). A static guard finds any other `new DatabaseSync(` in electron/, and each
 * path that opens hashserv.db outside workspace/ is run against a WAL-mode copy of the fixture
 * (checkpointed, a crashed writer's -wal + -shm, a -wal without -shm): the directory stays
 * byte-identical.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localReportsFromHashservDb } from '../../../../electron/services/hashserv/local-inputs';
import { recordedOuthashes } from '../../../../electron/services/outhash/recorded-outhash';
import { openHashservDb } from '../../../../electron/services/sources/hashserv-db';
import { FIXTURE_BUILDDIR, REPO_ROOT } from '../../../helpers/paths';
import { snapshotTree } from '../../../helpers/tree-snapshot';
import { crashWriter, makeTemp, rmTemp } from './sources/sqlite-readonly/sqlite-test-utils';

/**
 * Files allowed to construct DatabaseSync directly, and why. Anything else that opens SQLite must
 * use openSqliteReadonly.
 */
const ALLOWED: Record<string, string> = {
  'electron/services/sources/sqlite-readonly/open-readonly.ts': 'the safe opener itself',
  'electron/services/workspace/task-index.ts': "the app's own in-memory index (':memory:')",
  'electron/services/workspace/demo/demo-formats.ts': 'writes the generated demo build (our own files)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

describe('static guard: no direct DatabaseSync outside the safe opener', () => {
  it('only the listed files construct DatabaseSync', () => {
    const offenders = sourceFiles('electron')
      .filter((f) => /new\s+DatabaseSync\s*\(/.test(readFileSync(path.join(REPO_ROOT, f), 'utf8')))
      .filter((f) => !(f in ALLOWED));
    expect(offenders).toEqual([]);
  });
});

// zlib populate_sysroot of the fixture build (sstate archive named by this unihash).
const UNIHASH = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';
const CRASHED_INSERT =
  "INSERT INTO unihashes_v3(method, taskhash, unihash, gc_mark) VALUES ('m', 't-crash', 'u-crash', '')";

/** Every path outside workspace/ that opens a user's hashserv.db, with a real value it reads. */
const READERS: Array<[string, (db: string) => unknown]> = [
  ['outhash/recorded-outhash recordedOuthashes', (db) => recordedOuthashes(db, UNIHASH).length],
  [
    'sources/hashserv-db openHashservDb (+ iterate)',
    (db) => {
      const h = openHashservDb(db);
      try {
        return [...h.iterateUnihashes()].length;
      } finally {
        h.close();
      }
    },
  ],
  [
    'hashserv/local-inputs localReportsFromHashservDb (API server.reportPreview)',
    (db) => localReportsFromHashservDb(db).length,
  ],
];

const SCENARIOS: Array<[string, (dir: string, db: string) => void]> = [
  ['checkpointed WAL database, no -wal/-shm', () => {}],
  [
    "a crashed writer's -wal and -shm",
    (dir, db) => {
      crashWriter(dir, db, CRASHED_INSERT);
      rmSync(path.join(dir, 'crash-writer.mjs'));
    },
  ],
  [
    '-wal without -shm',
    (dir, db) => {
      crashWriter(dir, db, CRASHED_INSERT);
      rmSync(path.join(dir, 'crash-writer.mjs'));
      rmSync(`${db}-shm`);
    },
  ],
];

describe('each hashserv.db reader outside workspace/ leaves the directory unchanged', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = makeTemp('hashequiv-sweep-');
    db = path.join(dir, 'hashserv.db');
    copyFileSync(path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db'), db);
  });
  afterEach(() => rmTemp(dir));

  for (const [reader, read] of READERS) {
    for (const [scenario, prepare] of SCENARIOS) {
      it(`${reader}: ${scenario}`, () => {
        prepare(dir, db);
        const before = snapshotTree(dir);
        expect(read(db)).toBeGreaterThan(0);
        expect(snapshotTree(dir)).toEqual(before);
      });
    }
  }
});
