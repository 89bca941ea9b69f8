import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../../../shared/model/errors';
import { InspectorError } from '../../../../../../shared/model/errors';
import {
  parseUnihashCache,
  readUnihashCache,
  remappedEntries,
} from '../../../../../../electron/services/sources/unihashes';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../../helpers/paths';
import { snapshotTree } from '../../../../../helpers/tree-snapshot';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

const FIXTURE = path.join(FIXTURES, 'bb_unihashes.dat');

/** A tiny pickle writer (protocol 2 opcodes) for hand-made files. */
type P = string | P[] | { tuple: P[] } | { dict: Array<[P, P]> };
function pickle(v: P): Buffer {
  const out: number[] = [0x80, 0x02];
  const emit = (x: P): void => {
    if (typeof x === 'string') {
      const b = Buffer.from(x, 'utf8');
      out.push(0x58, ...Buffer.from(new Uint32Array([b.length]).buffer), ...b);
    } else if (Array.isArray(x)) {
      out.push(0x5d, 0x28);
      x.forEach(emit);
      out.push(0x65);
    } else if ('tuple' in x) {
      out.push(0x28);
      x.tuple.forEach(emit);
      out.push(0x74);
    } else {
      out.push(0x7d, 0x28);
      for (const [k, val] of x.dict) {
        emit(k);
        emit(val);
      }
      out.push(0x75);
    }
  };
  emit(v);
  out.push(0x2e);
  return Buffer.from(out);
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

describe('readUnihashCache on the fixture', () => {
  it('reads version "3": 35 entries, 5 of mc1, 10 remapped', () => {
    const f = readUnihashCache(FIXTURE);
    expect(f.version).toBe('3');
    expect(f.entries).toHaveLength(35);
    expect(f.entries.find((e) => e.key === ':zlib:do_populate_sysroot')).toEqual({
      key: ':zlib:do_populate_sysroot',
      mc: '',
      pn: 'zlib',
      task: 'do_populate_sysroot',
      taskhash: 'a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521',
      unihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    });
    const busyLic = f.entries.find((e) => e.key === ':busybox:do_populate_lic');
    expect(busyLic?.taskhash).toBe(busyLic?.unihash);
    expect(busyLic?.taskhash.startsWith('98c8a7eb')).toBe(true);
    expect(f.entries.filter((e) => e.mc === 'mc1').map((e) => e.task)).toEqual([
      'do_populate_lic',
      'do_package',
      'do_populate_sysroot',
      'do_packagedata',
      'do_package_write_ipk',
    ]);
    // The fixtures README says 11; Python's own pickle.load of this file counts 10 (the
    // remapped keys are listed here), so 10 is the real value.
    expect(remappedEntries(f).map((e) => e.key)).toEqual([
      'mc1:zlib:do_populate_lic',
      'mc1:zlib:do_package',
      'mc1:zlib:do_populate_sysroot',
      ':zlib:do_populate_sysroot',
      ':zlib:do_package',
      ':zlib-native:do_populate_sysroot',
      ':busybox:do_packagedata',
      ':busybox:do_package_write_ipk',
      ':initscripts:do_package',
      ':initscripts:do_populate_sysroot',
    ]);
  });

  it('is the same file as the build dir copy, read without changing anything', () => {
    const before = snapshotTree(path.join(FIXTURE_BUILDDIR, 'cache'));
    expect(readUnihashCache(path.join(FIXTURE_BUILDDIR, 'cache', 'bb_unihashes.dat'))).toEqual(
      readUnihashCache(FIXTURE),
    );
    expect(snapshotTree(path.join(FIXTURE_BUILDDIR, 'cache'))).toEqual(before);
  });
});

describe('other layouts and bad input', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTemp();
  });
  afterAll(() => rmTemp(tmp));

  it('reads version "1" keys <tid>:<taskhash> with mc: and virtual: prefixes', () => {
    const th = 'a'.repeat(64);
    const bytes = pickle([
      {
        dict: [
          [`/poky/meta/zlib_1.2.11.bb:do_package:${th}`, 'b'.repeat(64)],
          [`mc:mc1:virtual:native:/poky/meta/zlib_1.2.11.bb:do_populate_sysroot:${th}`, th],
        ],
      },
      '1',
    ]);
    const f = parseUnihashCache(bytes, 'v1.dat');
    expect(f.version).toBe('1');
    expect(f.entries).toEqual([
      {
        key: `/poky/meta/zlib_1.2.11.bb:do_package:${th}`,
        mc: '',
        pn: null,
        recipeFile: '/poky/meta/zlib_1.2.11.bb',
        task: 'do_package',
        taskhash: th,
        unihash: 'b'.repeat(64),
      },
      {
        key: `mc:mc1:virtual:native:/poky/meta/zlib_1.2.11.bb:do_populate_sysroot:${th}`,
        mc: 'mc1',
        pn: null,
        recipeFile: 'virtual:native:/poky/meta/zlib_1.2.11.bb',
        task: 'do_populate_sysroot',
        taskhash: th,
        unihash: th,
      },
    ]);
  });

  it('refuses other versions, other shapes, and reports malformed entries without stopping', () => {
    expect(thrown(() => parseUnihashCache(pickle([{ dict: [] }, '2']), 'x'))).toMatchObject({
      code: 'UNSUPPORTED',
      where: { file: 'x', entry: 'version' },
    });
    expect(thrown(() => parseUnihashCache(pickle({ dict: [] }), 'x')).code).toBe('BAD_FORMAT');
    const bad: ErrorInfo[] = [];
    const f = parseUnihashCache(
      pickle([
        {
          dict: [
            [':zlib:do_fetch', { tuple: ['t', 'u'] }],
            ['nocolons', { tuple: ['t', 'u'] }],
            [':zlib:do_x', 'not-a-tuple'],
          ],
        },
        '3',
      ]),
      'x',
      { onBadEntry: (e) => bad.push(e) },
    );
    expect(f.entries.map((e) => e.key)).toEqual([':zlib:do_fetch']);
    expect(bad.map((e) => e.where?.entry)).toEqual(['nocolons', ':zlib:do_x']);
  });

  it('says a cut file may be a save in progress, at every cut point', () => {
    const bytes = readFileSync(FIXTURE);
    for (let cut = 0; cut < bytes.length; cut += 13) {
      const e = thrown(() => parseUnihashCache(bytes.subarray(0, cut), 'cut.dat'));
      expect(e.code).toBe('TRUNCATED');
      expect(e.message).toContain('not atomically');
      expect(e.where?.file).toBe('cut.dat');
    }
  });

  it('refuses code opcodes and non-pickles, and reports missing files', () => {
    const global = Buffer.from([0x80, 0x02, 0x63, ...Buffer.from('os\nsystem\n'), 0x2e]);
    expect(thrown(() => parseUnihashCache(global, 'evil.dat')).code).toBe('UNSAFE_CONTENT');
    const notPickle = path.join(tmp, 'text.dat');
    writeFileSync(notPickle, 'hello world\n');
    expect(['BAD_FORMAT', 'UNSUPPORTED', 'UNSAFE_CONTENT']).toContain(
      thrown(() => readUnihashCache(notPickle)).code,
    );
    expect(thrown(() => readUnihashCache(path.join(tmp, 'missing.dat'))).code).toBe('NOT_FOUND');
    expect(thrown(() => readUnihashCache(tmp)).code).toBe('NOT_A_FILE');
    const copy = path.join(tmp, 'copy.dat');
    copyFileSync(FIXTURE, copy);
    expect(thrown(() => readUnihashCache(copy, { maxBytes: 100 })).code).toBe('TOO_LARGE');
  });
});
