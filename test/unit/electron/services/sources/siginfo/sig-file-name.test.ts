import { describe, expect, it } from 'vitest';
import { parseSigFileName } from '../../../../../../electron/services/sources/siginfo/sig-file-name';

const H = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';

describe('parseSigFileName', () => {
  it('reads stamp sigdata and sigbasedata names', () => {
    expect(parseSigFileName(`1.3.1.do_populate_sysroot.sigdata.${H}`)).toEqual({
      kind: 'sigdata',
      version: '1.3.1',
      task: 'do_populate_sysroot',
      hash: H,
    });
    expect(parseSigFileName(`1_2.38-r0.do_package_write_ipk.sigbasedata.${H}`)).toEqual({
      kind: 'sigbasedata',
      version: '1_2.38-r0',
      task: 'do_package_write_ipk',
      hash: H,
    });
  });

  it('reads sstate siginfo names', () => {
    expect(
      parseSigFileName(
        `sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:${H}_populate_sysroot.tar.zst.siginfo`,
      ),
    ).toEqual({ kind: 'siginfo', hash: H, task: 'do_populate_sysroot', pn: 'zlib' });
  });

  it('returns null for stamps, archives and other files', () => {
    expect(parseSigFileName(`1.3.1.do_compile.${H}`)).toBeNull();
    expect(parseSigFileName(`1.3.1.do_compile.taint`)).toBeNull();
    expect(parseSigFileName(`sstate:zlib::1.3.1:r0::14:${H}_populate_lic.tar.zst`)).toBeNull();
    expect(parseSigFileName(`1.3.1.do_compile.sigdata.nothex`)).toBeNull();
  });
});
