import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainTask, normalizeTaskArg } from '../../../../../electron/services/analysis/sig-explain';
import { readSigFile } from '../../../../../electron/services/sources/siginfo/read-sig-file';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { plantedScenario, type PlantedScenario } from '../../../../helpers/two-builds';

describe('explainTask on the fixture build (previous signature in the same build)', () => {
  it('zlib:do_compile changed because ZLIB_CFLAGS changed', async () => {
    const e = await explainTask(FIXTURE_BUILDDIR, 'zlib:compile', { reader: readSigFile });
    expect(e.task).toBe('zlib:do_compile');
    expect(e.current.taskhash).toBe('71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d');
    expect(e.current.dependencies).toEqual([
      { task: 'zlib:do_configure', hash: '0e660710c06596e3fbf1aedd12d533d3029e03d7d12a52d2be48195f794abb0d' },
    ]);
    expect(e.comparedWith?.kind).toBe('previous-in-build');
    expect(e.comparedWith?.summary?.taskhash).toBe(
      'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
    );
    expect(e.comparedWith?.rootCauses?.roots.map((r) => [r.task, r.kinds])).toEqual([
      ['zlib:do_compile', ['variable']],
    ]);
  });

  it('initscripts:do_prepare_recipe_sysroot changed because busybox:do_install changed (BUSYBOX_APPLETS)', async () => {
    const e = await explainTask(FIXTURE_BUILDDIR, 'initscripts:do_prepare_recipe_sysroot', {
      reader: readSigFile,
    });
    const rc = e.comparedWith!.rootCauses!;
    expect(rc.roots.map((r) => [r.task, r.kinds])).toEqual([['busybox:do_install', ['variable']]]);
    expect(rc.roots[0]!.diff!.variables.map((v) => v.variable)).toContain('BUSYBOX_APPLETS');
    expect(rc.paths).toEqual([
      {
        root: 'busybox:do_install',
        path: ['initscripts:do_prepare_recipe_sysroot', 'busybox:do_populate_sysroot', 'busybox:do_install'],
      },
    ]);
  });

  it('an unknown task is NOT_FOUND with a hint; a malformed one is INVALID_INPUT', async () => {
    await expect(
      explainTask(FIXTURE_BUILDDIR, 'zlib:do_nothing', { reader: readSigFile }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('zlib:do_compile'),
    });
    expect(() => normalizeTaskArg('zlib')).toThrow(/recipe/);
    expect(normalizeTaskArg('mc:mc1:zlib:install')).toBe('mc:mc1:zlib:do_install');
  });
});

describe('explainTask --against another build', () => {
  let tmp: string;
  let sc: PlantedScenario;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hei-explain-'));
    sc = plantedScenario(tmp);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives both root causes of app:do_compile and the leak in libA', async () => {
    const e = await explainTask(sc.dirA, 'app:do_compile', { reader: readSigFile, against: sc.dirB });
    expect(e.comparedWith?.status).toBe('changed');
    expect(e.comparedWith?.rootCauses?.roots.map((r) => r.task).sort()).toEqual([
      'libA:do_compile',
      'libB:do_fetch',
    ]);
    const libA = await explainTask(sc.dirA, 'libA:do_compile', { reader: readSigFile, against: sc.dirB });
    expect(libA.leaks.map((l) => [l.variable, l.kind, l.match])).toEqual([
      ['CFLAGS_DEBUG', 'home-path', '/home/alice/build/tmp/work'],
    ]);
    const same = await explainTask(sc.dirA, 'base:do_compile', { reader: readSigFile, against: sc.dirB });
    expect(same.comparedWith?.status).toBe('same');
    const gone = await explainTask(sc.dirA, 'old:do_compile', { reader: readSigFile, against: sc.dirB });
    expect(gone.comparedWith?.status).toBe('missing');
  });
});
