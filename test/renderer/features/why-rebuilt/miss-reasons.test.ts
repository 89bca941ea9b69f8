import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSigFile } from '../../../../electron/services/sources/siginfo/read-sig-file';
import { diffSigData } from '../../../../shared/model/sig-diff';
import {
  classifyMiss,
  diffReasons,
  isSstateTask,
} from '../../../../renderer/features/why-rebuilt/miss-reasons';
import { FIXTURES } from '../../../helpers/paths';

const MODERN = path.join(FIXTURES, 'siginfo/modern');
const sig = (name: string) => readSigFile(path.join(MODERN, name));
const ZLIB_OLD =
  'zlib-1.3.1.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc';
const ZLIB_NEW =
  'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';
const INIT_OLD =
  'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.866684b00f5d6d414b4fafe47a8c728fd3f2169b4500e783cc935951976ed51c';
const INIT_NEW =
  'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.9195073eedec096f621bdada5c9ca891e4f14bede38ed299d23cc441063da5b8';
const row = (taskhash: string, unihash: string, outhashes: string[], sstate: boolean) => ({
  taskhash,
  unihash,
  outhashes,
  sstate,
});

describe('miss reasons', () => {
  it('the ZLIB_CFLAGS pair is a variable change; the initscripts pair a dependency change', async () => {
    const zlib = diffSigData((await sig(ZLIB_OLD)).data, (await sig(ZLIB_NEW)).data);
    expect(diffReasons(zlib)).toEqual(['variable']);
    const init = diffSigData((await sig(INIT_OLD)).data, (await sig(INIT_NEW)).data);
    expect(diffReasons(init)).toEqual(['dependency']);
    // do_compile is not an sstate task: the cache side never explains it, whatever the rows say.
    expect(
      classifyMiss(
        zlib,
        { current: row('b', 'b', [], false), previous: row('a', 'a', [], false) },
        'zlib:do_compile',
      ),
    ).toEqual(['variable']);
  });

  it('classifies the cache side of sstate tasks from the rows', () => {
    const d = {
      task: { a: 'do_package', b: 'do_package' },
      gendeps: { changed: [], added: [], removed: [] },
      variables: [],
      files: { changed: [], added: [], removed: [] },
      runtaskhashes: { added: [], removed: [], changed: [{ task: 'zlib:do_install', a: 'a1', b: 'b1' }] },
      taskhash: { a: 'a', b: 'b' },
    };
    const t = 'zlib:do_package';
    // New output: the outhashes differ, so the unihash could not fold.
    expect(
      classifyMiss(d, { current: row('b', 'b', ['o2'], true), previous: row('a', 'a', ['o1'], true) }, t),
    ).toEqual(['dependency', 'output-changed']);
    // Never reported: no outhash for the new taskhash, and no archive either.
    expect(
      classifyMiss(d, { current: row('b', 'b', [], false), previous: row('a', 'a', ['o1'], true) }, t),
    ).toEqual(['dependency', 'no-sstate', 'no-server-mapping']);
    // Folded (same unihash): only the signature reason remains.
    expect(
      classifyMiss(d, { current: row('b', 'a', ['o1'], true), previous: row('a', 'a', ['o1'], true) }, t),
    ).toEqual(['dependency']);
    // Same taskhash, different unihash: only the server side.
    const { taskhash: _t, ...noTaskhash } = d;
    expect(
      classifyMiss(
        {
          ...noTaskhash,
          runtaskhashes: { added: [], removed: [], changed: [] },
          unihash: { a: 'u1', b: 'u2' },
        },
        undefined,
        t,
      ),
    ).toEqual(['no-server-mapping']);
  });

  it('knows the sstate tasks', () => {
    expect(
      ['do_populate_sysroot', 'zlib:do_package_write_ipk', 'mc:mc1:zlib:do_packagedata', 'do_deploy'].map(
        isSstateTask,
      ),
    ).toEqual([true, true, true, true]);
    expect(['do_compile', 'zlib:do_install', 'do_fetch'].map(isSstateTask)).toEqual([false, false, false]);
  });
});
