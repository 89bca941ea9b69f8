import { describe, expect, it } from 'vitest';
import { indexBuild } from '../../../../../electron/services/analysis/sig-index';
import { parseTaskStampName, splitTaskKey } from '../../../../../electron/services/analysis/sig-file-names';
import { readSigFile } from '../../../../../electron/services/sources/siginfo/read-sig-file';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';

describe('indexBuild on the fixture build directory', () => {
  it('finds every stamp sigdata and sstate siginfo, and multiconfig tasks', async () => {
    const idx = await indexBuild(FIXTURE_BUILDDIR, { reader: readSigFile });
    expect(idx.entries.filter((e) => e.source === 'stamps')).toHaveLength(113);
    expect(idx.entries.filter((e) => e.source === 'sstate')).toHaveLength(36);
    expect(idx.sstateObjects.size).toBe(36);
    expect(idx.tasks.size).toBe(99);
    expect([...idx.tasks.keys()].filter((k) => k.startsWith('mc:mc1:zlib:'))).toHaveLength(13);
    expect(idx.tasks.get('mc:mc1:zlib:do_compile')?.stampHash).toBe(
      '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
    );
    expect(idx.problems).toEqual([]);
  });

  it('current() follows the task stamp; findByHash() also finds older signatures and sstate siginfo', async () => {
    const idx = await indexBuild(FIXTURE_BUILDDIR, { reader: readSigFile });
    expect((await idx.current('zlib:do_compile'))?.data.taskhash).toBe(
      '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
    );
    const old = await idx.findByHash(
      'zlib:do_compile',
      'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
    );
    expect(old?.data.varvals.ZLIB_CFLAGS).toBe('-O2 -pipe');
    const sys = await idx.findByHash(
      'zlib:do_populate_sysroot',
      'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    );
    expect(sys?.data.unihash).toBe('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913');
    // By the taskhash recorded inside (the file is named by the unihash).
    const byTaskhash = await idx.findByHash('zlib:do_populate_sysroot', sys!.data.taskhash!);
    expect(byTaskhash?.data.unihash).toBe(sys!.data.unihash);
    expect(await idx.findByHash('zlib:do_compile', '0'.repeat(64))).toBeUndefined();
  });

  it('refuses a missing build directory with NOT_FOUND', async () => {
    await expect(indexBuild('/nonexistent/build', { reader: readSigFile })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('stamp names', () => {
  it('parses task stamps with setscene and extra info', () => {
    const h = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';
    expect(parseTaskStampName(`2024.01.do_deploy.${h}.qemux86_64`)).toEqual({
      version: '2024.01',
      task: 'do_deploy',
      setscene: false,
      hash: h,
    });
    expect(parseTaskStampName(`1.3.1.do_package_write_ipk_setscene.${h}`)?.setscene).toBe(true);
    expect(parseTaskStampName(`1.3.1.do_compile.sigdata.${h}`)).toBeUndefined();
    expect(splitTaskKey('mc:mc1:zlib:do_compile')).toEqual({ mc: 'mc1', pn: 'zlib', task: 'do_compile' });
  });
});
