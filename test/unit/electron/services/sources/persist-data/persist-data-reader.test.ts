import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../../../shared/model/errors';
import {
  openPersistData,
  parsePersistUnihashKey,
} from '../../../../../../electron/services/sources/persist-data';
import { FIXTURES } from '../../../../../helpers/paths';
import { snapshotTree } from '../../../../../helpers/tree-snapshot';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

const WARRIOR = 'SSTATESIG_UNIHASH_CACHE_v1_oe_sstatesig_OEOuthashBasic';
const EARLY = 'SSTATESIG_UNIHASH_CACHE_v1_OEOuthashBasic';

let tmp: string;
let file: string;
beforeAll(() => {
  tmp = makeTemp();
  file = path.join(tmp, 'bb_persist_data.sqlite3');
  copyFileSync(path.join(FIXTURES, 'bb_persist_data.sqlite3'), file);
});
afterAll(() => rmTemp(tmp));

describe('openPersistData', () => {
  it('lists the three domains of the fixture with their kinds and sizes, writing nothing', () => {
    const before = snapshotTree(tmp);
    const db = openPersistData(file);
    expect(db.domains()).toEqual([
      { name: 'BB_URI_HEADREVS', kind: 'headrevs', rows: 3 },
      { name: EARLY, kind: 'unihash-cache', rows: 2 },
      { name: WARRIOR, kind: 'unihash-cache', rows: 19 },
    ]);
    expect(db.plan.mode).toBe('immutable');
    db.close();
    expect(snapshotTree(tmp)).toEqual(before);
  });

  it('splits the 21 unihash keys: tasks, mc1, virtual:native, remapped entries', () => {
    const db = openPersistData(file);
    const bad: ErrorInfo[] = [];
    const rows = [...db.iterateUnihashCache({ batchSize: 4, onBadEntry: (e) => bad.push(e) })];
    db.close();
    expect(bad).toEqual([]);
    expect(rows).toHaveLength(21);
    expect(rows.filter((r) => r.domain === EARLY)).toHaveLength(2);
    expect(rows.filter((r) => r.mc === 'mc1')).toHaveLength(2);
    expect(rows.filter((r) => r.variant === 'native')).toHaveLength(1);
    const remapped = rows.filter((r) => r.unihash !== r.taskhash);
    expect(remapped.length).toBe(9);
    const mcPackage = rows.find((r) => r.mc === 'mc1' && r.task === 'do_package');
    expect(mcPackage).toEqual({
      domain: WARRIOR,
      methodInTable: 'oe_sstatesig_OEOuthashBasic',
      key: 'multiconfig:mc1:/home/builder/poky/meta/recipes-core/zlib/zlib_1.2.11.bb.do_package:1c1a8853e17f27cefc0be513d2ede71ec89df51c6da27ba1b31c118be383d02f',
      recipeFile: 'multiconfig:mc1:/home/builder/poky/meta/recipes-core/zlib/zlib_1.2.11.bb',
      mc: 'mc1',
      variant: null,
      task: 'do_package',
      taskhash: '1c1a8853e17f27cefc0be513d2ede71ec89df51c6da27ba1b31c118be383d02f',
      unihash: 'e379566824a39cfb96c69ecce0dbb4fbbb6d2725791eb084eb963c7f524fe091',
    });
    expect(new Set(rows.map((r) => r.task))).toEqual(
      new Set(['do_populate_sysroot', 'do_package', 'do_packagedata', 'do_package_write_ipk']),
    );
  });

  it('reads other domains as plain key/value tables', () => {
    const db = openPersistData(file);
    const heads = [...db.iterateDomain('BB_URI_HEADREVS', { batchSize: 2 })];
    db.close();
    expect(heads.map((h) => [h.key, h.value])).toEqual([
      [
        'git:git.yoctoproject.org.linux-yocto.gitv6.6/standard/base',
        '2b1b8f0c2c7f6b2f0a4d8e6d0c1a9f3e5b7d9c11',
      ],
      [
        'git:git.yoctoproject.org.linux-yocto.gitv6.6/standard/preempt-rt/base',
        '6f4e5d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3',
      ],
      ['git:source.denx.de.u-boot.u-boot.gitmaster', '866ca972d6c3cabeaf6dbac431e8e08bb30b3c8e'],
    ]);
  });

  it('reports bad keys per entry without stopping, and unknown domains as NOT_FOUND', () => {
    const f = path.join(tmp, 'odd.sqlite3');
    const w = new DatabaseSync(f);
    w.exec(`CREATE TABLE ${WARRIOR}(key TEXT PRIMARY KEY NOT NULL, value TEXT);
      INSERT INTO ${WARRIOR} VALUES ('no-task-here', 'x'), ('/a/b_1.0.bb.do_fetch:abc', 'abc');
      CREATE TABLE BB_URI_LOCALCOUNT(key TEXT PRIMARY KEY NOT NULL, value TEXT);`);
    w.close();
    const db = openPersistData(f);
    const bad: ErrorInfo[] = [];
    const rows = [...db.iterateUnihashCache({ onBadEntry: (e) => bad.push(e) })];
    expect(rows.map((r) => r.task)).toEqual(['do_fetch']);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({
      code: 'BAD_FORMAT',
      where: { file: f, entry: `${WARRIOR}[no-task-here]` },
    });
    expect(db.domains().find((d) => d.name === 'BB_URI_LOCALCOUNT')).toEqual({
      name: 'BB_URI_LOCALCOUNT',
      kind: 'other',
      rows: 0,
    });
    expect(() => [...db.iterateDomain('nope')]).toThrow(/No persist_data domain nope/);
    db.close();
  });
});

describe('parsePersistUnihashKey', () => {
  it('handles nested prefixes and dotted recipe names', () => {
    expect(parsePersistUnihashKey('multiconfig:mc2:virtual:native:/l/foo.bar_1.0.bb.do_compile:ab')).toEqual({
      recipeFile: 'multiconfig:mc2:virtual:native:/l/foo.bar_1.0.bb',
      mc: 'mc2',
      variant: 'native',
      task: 'do_compile',
      taskhash: 'ab',
    });
    expect(parsePersistUnihashKey('/l/x.bb.do_fetch:')).toBeNull();
    expect(parsePersistUnihashKey('nothing')).toBeNull();
  });
});
