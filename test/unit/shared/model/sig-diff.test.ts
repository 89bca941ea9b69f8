import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanTaskId, diffSigData, ownCauseKinds, sigDiffIsEmpty } from '../../../../shared/model/sig-diff';
import { renderSigDiffText } from '../../../../shared/model/sig-diff-text';
import type { SigData } from '../../../../shared/model/sigdata';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../helpers/paths';
import { readSigFile } from '../../../../electron/services/sources/siginfo/read-sig-file';

const MODERN = path.join(FIXTURES, 'siginfo', 'modern');
const EXPECTED = path.join(FIXTURES, 'siginfo', 'expected');
const ZLIB_RUN1 =
  'zlib-1.3.1.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc';
const ZLIB_RUN2 =
  'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';
const INIT_OLD =
  'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.866684b00f5d6d414b4fafe47a8c728fd3f2169b4500e783cc935951976ed51c';
const INIT_NEW =
  'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.9195073eedec096f621bdada5c9ca891e4f14bede38ed299d23cc441063da5b8';

const LEGACY = path.join(FIXTURES, 'siginfo', 'legacy-pickle');
const load = async (f: string) => (await readSigFile(path.join(MODERN, f))).data;
const loadLegacy = async (f: string) => (await readSigFile(path.join(LEGACY, f))).data;

describe('diffSigData on the fixture pairs', () => {
  it('zlib do_compile run 1 -> run 2: basehash and a word diff of ZLIB_CFLAGS, nothing else', async () => {
    const d = diffSigData(await load(ZLIB_RUN1), await load(ZLIB_RUN2));
    expect(d.basehash).toEqual({
      a: 'fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1',
      b: '3fe2cfcac09b60ca3541075df7f42d8cbfe6e4e7e7847ce92324ebd652100d5f',
    });
    expect(d.variables).toHaveLength(1);
    const v = d.variables[0]!;
    expect(v).toMatchObject({
      variable: 'ZLIB_CFLAGS',
      a: '-O2 -pipe',
      b: '-O2 -pipe -fstack-protector-strong',
      kind: 'words',
    });
    if (v.kind !== 'words') throw new Error('expected a word diff');
    expect(v.words.whitespaceOnly).toBe(false);
    expect(v.words.runs).toEqual([
      { op: '=', items: ['-O2', '-pipe'] },
      { op: '+', items: ['-fstack-protector-strong'] },
    ]);
    expect(d.taskdeps).toBeUndefined();
    expect(d.runtaskdeps).toBeUndefined();
    expect(d.runtaskhashes).toEqual({ added: [], removed: [], changed: [] });
    expect(d.files).toEqual({ changed: [], added: [], removed: [] });
    expect(d.taskhash).toEqual({
      a: 'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
      b: '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
    });
    expect(ownCauseKinds(d)).toEqual(['variable']);
  });

  it('zlib do_compile: text equals bitbake-diffsigs reference output', async () => {
    const d = diffSigData(await load(ZLIB_RUN1), await load(ZLIB_RUN2));
    expect(renderSigDiffText(d)).toBe(readFileSync(path.join(EXPECTED, 'zlib-do_compile.diff.txt'), 'utf8'));
  });

  it('initscripts do_prepare_recipe_sysroot: only the busybox dependency hash changed', async () => {
    const d = diffSigData(await load(INIT_OLD), await load(INIT_NEW));
    expect(d.basehash).toBeUndefined();
    expect(d.variables).toEqual([]);
    expect(d.runtaskdeps).toEqual({
      a: ['busybox:do_populate_sysroot', 'initscripts:do_patch'],
      b: ['busybox:do_populate_sysroot', 'initscripts:do_patch'],
      countChanged: false,
      idsChanged: false,
      changed: [
        {
          idA: 'busybox:do_populate_sysroot',
          hashA: '518f574a81a62c59b4be19bb6f199e297e17c1cee69e04feb61d479171863cfb',
          idB: 'busybox:do_populate_sysroot',
          hashB: '91a35c7e284a6dcec572f531028a26fe67def54c0b6fba92ef7e498b883c22e9',
        },
      ],
    });
    expect(d.runtaskhashes.changed).toEqual([
      {
        task: 'busybox:do_populate_sysroot',
        a: '518f574a81a62c59b4be19bb6f199e297e17c1cee69e04feb61d479171863cfb',
        b: '91a35c7e284a6dcec572f531028a26fe67def54c0b6fba92ef7e498b883c22e9',
      },
    ]);
    expect(ownCauseKinds(d)).toEqual([]);
    expect(renderSigDiffText(d)).toBe(
      readFileSync(path.join(EXPECTED, 'initscripts-do_prepare_recipe_sysroot.diff.txt'), 'utf8'),
    );
  });

  it('sstate .siginfo (run 1) vs stamp sigdata (run 2) of one unihash: equivalent taskhashes', async () => {
    const h = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';
    const siginfo = await load(
      `sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:${h}_populate_sysroot.tar.zst.siginfo`,
    );
    const stamp = await readSigFile(
      path.join(
        FIXTURE_BUILDDIR,
        'tmp/stamps/core2-64-poky-linux/zlib',
        `1.3.1.do_populate_sysroot.sigdata.${h}`,
      ),
    );
    const d = diffSigData(siginfo, stamp.data);
    // Same unihash (the server mapped run 2's taskhash to run 1's), different taskhash and dependency hash.
    expect(d.unihash).toBeUndefined();
    expect(d.taskhash).toEqual({
      a: h,
      b: 'a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521',
    });
    expect(d.runtaskhashes.changed).toEqual([
      {
        task: 'zlib:do_install',
        a: '7641901bb3fa9f69a82ae40989ebc8380a3868052a6fceb72269c0b05ad93f87',
        b: '29029a2689bab1c02c3d9ad8ba4cd9463b16ab23e39126c76213287088ecc588',
      },
    ]);
    expect(ownCauseKinds(d)).toEqual([]);
  });

  it('a file diffed with itself is empty and prints nothing', async () => {
    const a = await load(ZLIB_RUN2);
    const d = diffSigData(a, a);
    expect(sigDiffIsEmpty(d)).toBe(true);
    expect(renderSigDiffText(d)).toBe('');
  });
});

/** A small base signature to vary one category at a time. */
function sig(over: Partial<SigData> = {}): SigData {
  return {
    task: 'do_compile',
    basehashIgnoreVars: ['TMPDIR', 'TOPDIR'],
    taskhashIgnoreTasks: null,
    taskdeps: ['CFLAGS', 'PN'],
    basehash: 'b1',
    gendeps: { CFLAGS: [], PN: [] },
    varvals: { CFLAGS: '-O2', PN: 'zlib', do_compile: 'oe_runmake\n' },
    runtaskdeps: ['zlib:do_configure', 'zlib:do_fetch'],
    runtaskhashes: { 'zlib:do_configure': 'c1', 'zlib:do_fetch': 'f1' },
    fileChecksumValues: [['a.patch', 'aaaa']],
    taskhash: 't1',
    unihash: 'u1',
    ...over,
  };
}

describe('diffSigData on the legacy pickle fixtures', () => {
  const LEGACY_COMPILE =
    '1.3.1-r0.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc';
  const LEGACY_FETCH =
    '1.3.1-r0.do_fetch.sigdata.8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23';

  it('legacy run-1 compile vs modern run-2 compile reads like the modern pair (full-path ids cleaned)', async () => {
    const d = diffSigData(await loadLegacy(LEGACY_COMPILE), await load(ZLIB_RUN2));
    expect(renderSigDiffText(d)).toBe(readFileSync(path.join(EXPECTED, 'zlib-do_compile.diff.txt'), 'utf8'));
    // The dependency moved from a full-path id to `zlib:do_configure` with the same hash: a rename, not a change.
    expect(d.runtaskdeps).toBeUndefined();
    expect(d.runtaskhashes).toEqual({ added: [], removed: [], changed: [] });
  });

  it('legacy files equal their modern twins (same content, other key names)', async () => {
    expect(sigDiffIsEmpty(diffSigData(await loadLegacy(LEGACY_COMPILE), await load(ZLIB_RUN1)))).toBe(true);
    const fetch = await load(
      'zlib-1.3.1.do_fetch.sigdata.8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
    );
    expect(sigDiffIsEmpty(diffSigData(await loadLegacy(LEGACY_FETCH), fetch))).toBe(true);
  });

  it('legacy fetch vs legacy compile: every category that differs, in order', async () => {
    const d = diffSigData(await loadLegacy(LEGACY_FETCH), await loadLegacy(LEGACY_COMPILE));
    expect(d.taskdeps?.added).toEqual(['EXTRA_OEMAKE', 'HEI_BINARIES', 'ZLIB_CFLAGS']);
    expect(d.taskdeps?.removed).toEqual(['BPN', 'SRC_URI']);
    expect(d.files.removed).toEqual([
      { file: 'ldflags-tests.patch', checksum: 'dd5da7a2fd10de4aab437d71187512f4' },
    ]);
    expect(d.runtaskhashes.added).toEqual([
      {
        task: 'zlib/zlib_1.3.1.bb:do_configure',
        hash: '0e660710c06596e3fbf1aedd12d533d3029e03d7d12a52d2be48195f794abb0d',
      },
    ]);
    const lines = renderSigDiffText(d).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Task dependencies changed from:',
      "['BPN', 'PN', 'PV', 'SRC_URI', 'hei_write']",
      'to:',
      "['EXTRA_OEMAKE', 'HEI_BINARIES', 'PN', 'PV', 'ZLIB_CFLAGS', 'hei_write']",
      'basehash changed from 82aa6b1a34bd49e95c87ef152d26e03ff500a7d7904b162efc9d2bacf28a47cf to fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1',
    ]);
    expect(lines).toContain('Dependency on Variable SRC_URI was removed');
    expect(lines).toContain('Dependency on checksum of file ldflags-tests.patch was removed');
    expect(lines).toContain('Number of task dependencies changed');
  });
});

describe('diffSigData categories and their text, in bitbake-diffsigs order', () => {
  it('ignore lists, taskdeps, gendeps', () => {
    const b = sig({
      basehashIgnoreVars: ['TMPDIR', 'DATETIME'],
      taskhashIgnoreTasks: 'zlib',
      taskdeps: ['CFLAGS', 'PN', 'LDFLAGS'],
      gendeps: { CFLAGS: ['OPT'], LDFLAGS: [] },
      basehash: 'b2',
    });
    const d = diffSigData(sig(), b);
    expect(d.basehashIgnoreVars).toEqual({
      a: ['TMPDIR', 'TOPDIR'],
      b: ['DATETIME', 'TMPDIR'],
      added: ['DATETIME'],
      removed: ['TOPDIR'],
    });
    expect(d.gendeps).toEqual({
      changed: [{ variable: 'CFLAGS', a: [], b: ['OPT'], added: ['OPT'], removed: [] }],
      added: ['LDFLAGS'],
      removed: ['PN'],
    });
    expect(renderSigDiffText(d).split('\n')).toEqual([
      "basehash_ignore_vars changed from '{'TMPDIR', 'TOPDIR'}' to '{'DATETIME', 'TMPDIR'}'",
      "changed items: {'DATETIME', 'TOPDIR'}",
      "taskhash_ignore_tasks changed from 'None' to 'zlib'",
      'Task dependencies changed from:',
      "['CFLAGS', 'PN']",
      'to:',
      "['CFLAGS', 'LDFLAGS', 'PN']",
      'basehash changed from b1 to b2',
      "List of dependencies for variable CFLAGS changed from 'set()' to '{'OPT'}'",
      "changed items: {'OPT'}",
      'Dependency on variable LDFLAGS was added',
      'Dependency on Variable PN was removed',
      '',
    ]);
    expect(ownCauseKinds(d)).toEqual(['ignore-list', 'taskdeps']);
  });

  it('variables: plain, word (whitespace only), and line diff', () => {
    const b = sig({
      varvals: { CFLAGS: '-O3', PN: 'zlib', do_compile: 'oe_runmake\nmake install\n' },
    });
    const c = sig({ varvals: { CFLAGS: '-O2  -g', PN: 'zlib', do_compile: 'oe_runmake\n' } });
    const c2 = sig({ varvals: { CFLAGS: '-O2 -g', PN: 'zlib', do_compile: 'oe_runmake\n' } });
    expect(renderSigDiffText(diffSigData(sig(), b))).toBe(
      "Variable CFLAGS value changed from '-O2' to '-O3'\n" +
        'Variable do_compile value changed:\n@@ -1 +1,2 @@\n oe_runmake\n+make install\n',
    );
    expect(renderSigDiffText(diffSigData(c2, c))).toBe(
      'Variable CFLAGS value changed:\n"-O2 {++} -g" (whitespace changed)\n',
    );
    expect(renderSigDiffText(diffSigData(sig(), c2))).toBe('Variable CFLAGS value changed:\n"-O2 {+-g+}"\n');
  });

  it('file checksums: changed, added, removed (duplicates counted)', () => {
    const b = sig({
      fileChecksumValues: [
        ['a.patch', 'bbbb'],
        ['b.patch', 'cccc'],
      ],
    });
    const d = diffSigData(
      sig({
        fileChecksumValues: [
          ['a.patch', 'aaaa'],
          ['old.cfg', 'dddd'],
        ],
      }),
      b,
    );
    expect(d.files).toEqual({
      changed: [{ file: 'a.patch', a: 'aaaa', b: 'bbbb' }],
      added: [{ file: 'b.patch', checksum: 'cccc' }],
      removed: [{ file: 'old.cfg', checksum: 'dddd' }],
    });
    expect(renderSigDiffText(d)).toBe(
      'Checksum for file a.patch changed from aaaa to bbbb\n' +
        'Dependency on checksum of file b.patch was added\n' +
        'Dependency on checksum of file old.cfg was removed\n',
    );
    const dup = diffSigData(
      sig({ fileChecksumValues: [['x', '1']] }),
      sig({
        fileChecksumValues: [
          ['x', '1'],
          ['x', '1'],
        ],
      }),
    );
    expect(dup.files.added).toEqual([{ file: 'x', checksum: '1' }]);
  });

  it('runtaskdeps count change, added/removed dependencies, renames suppressed, taint', () => {
    const b = sig({
      runtaskdeps: ['zlib:do_configure', 'zlib:do_fetch', 'zlib:do_patch'],
      runtaskhashes: { 'zlib:do_configure': 'c1', 'zlib:do_fetch': 'f1', 'zlib:do_patch': 'p1' },
      taint: 'nostamp:1234',
    });
    const d = diffSigData(sig(), b);
    expect(d.runtaskdeps?.countChanged).toBe(true);
    expect(d.runtaskhashes.added).toEqual([{ task: 'zlib:do_patch', hash: 'p1' }]);
    expect(renderSigDiffText(d)).toBe(
      "runtaskdeps changed:\n['zlib:do_configure zlib:do_fetch', +'zlib:do_patch']\nNumber of task dependencies changed\n" +
        'Dependency on task zlib:do_patch was added with hash p1\n' +
        'Taint (by forced/invalidated task) changed from None to nostamp(uuid4):1234\n',
    );
    expect(ownCauseKinds(d)).toEqual(['dependency-set', 'taint']);
    const renamed = diffSigData(
      sig(),
      sig({
        runtaskdeps: ['zlib:do_configure', 'zlib:do_unpack'],
        runtaskhashes: { 'zlib:do_configure': 'c1', 'zlib:do_unpack': 'f1' },
      }),
    );
    expect(renamed.runtaskhashes).toEqual({ added: [], removed: [], changed: [] });
  });

  it('collapsed mode drops basehash, runtaskdeps and dependency hash lines', () => {
    const b = sig({
      basehash: 'b2',
      runtaskhashes: { 'zlib:do_configure': 'c2', 'zlib:do_fetch': 'f1' },
      varvals: { CFLAGS: '-O3', PN: 'zlib', do_compile: 'oe_runmake\n' },
    });
    expect(renderSigDiffText(diffSigData(sig(), b), { collapsed: true })).toBe(
      "Variable CFLAGS value changed from '-O2' to '-O3'\n",
    );
  });

  it('legacy full-path ids are cleaned so two machines compare equal', () => {
    expect(cleanTaskId('/home/a/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_configure')).toBe(
      'zlib/zlib_1.3.1.bb:do_configure',
    );
    expect(cleanTaskId('mc:mc1:virtual:native:/x/zlib/zlib_1.3.1.bb:do_compile')).toBe(
      'zlib/zlib_1.3.1.bb:do_compile:virtual:native:mc:mc1',
    );
    const a = sig({
      runtaskdeps: ['/home/a/meta/zlib/zlib_1.3.1.bb:do_fetch'],
      runtaskhashes: { '/home/a/meta/zlib/zlib_1.3.1.bb:do_fetch': 'f1' },
    });
    const b = sig({
      runtaskdeps: ['/srv/ci/meta/zlib/zlib_1.3.1.bb:do_fetch'],
      runtaskhashes: { '/srv/ci/meta/zlib/zlib_1.3.1.bb:do_fetch': 'f1' },
    });
    expect(sigDiffIsEmpty(diffSigData(a, b))).toBe(true);
  });
});
