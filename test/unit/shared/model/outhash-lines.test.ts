import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { featuresOf, resolveOuthashFormat } from '../../../../shared/model/outhash-format';
import {
  deriveSwitches,
  formatEntry2019,
  formatEntryLine,
  formatHeader,
  formatPermissions,
  parseSourceDateEpoch,
  type OuthashEntry,
  type OuthashInputs,
} from '../../../../shared/model/outhash-lines';

const base: OuthashEntry = {
  path: '.',
  type: 'dir',
  perm: 0o755,
  user: 'root',
  group: 'root',
  mtime: 0,
  devMajor: 0,
  devMinor: 0,
  size: 0,
  digest: '',
  linkTarget: '',
  filtered: false,
};

describe('outhash lines', () => {
  it('reproduces the worked example of spec section 8 (outhash d920f8f3...)', () => {
    const inputs: OuthashInputs = {
      task: 'populate_sysroot',
      pkgspec: 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:',
      hashVersion: '18',
      extraSigdata: null,
      sourceDateEpoch: null,
      underPseudo: true,
    };
    const f = featuresOf('F11');
    const sw = deriveSwitches(inputs, f);
    const digest = createHash('sha256').update('hi\n').digest('hex');
    const text =
      formatHeader(inputs, f) +
      [
        { ...base },
        { ...base, path: './usr' },
        {
          ...base,
          path: './usr/a',
          type: 'file' as const,
          perm: 0o4755,
          user: 'daemon',
          group: 'bin',
          size: 3,
          digest,
        },
        { ...base, path: './usr/dev', type: 'chardev' as const, perm: 0o644, devMajor: 1, devMinor: 3 },
        { ...base, path: './usr/l', type: 'symlink' as const, perm: 0o777, linkTarget: 'a' },
      ]
        .map((e) => formatEntryLine(e, sw))
        .join('');
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      'd920f8f3baab2ced9b6a21ba6f1b4893e370559bc85e07e1829e334169383546',
    );
  });

  it('writes s/S for setuid/setgid and always t for sticky', () => {
    expect(formatPermissions(0o4755, true)).toBe('rwsr-xr-x');
    expect(formatPermissions(0o4644, true)).toBe('rwSr--r--');
    expect(formatPermissions(0o2750, true)).toBe('rwxr-s---');
    expect(formatPermissions(0o2740, true)).toBe('rwxr-S---');
    expect(formatPermissions(0o1777, true)).toBe('rwxrwxrwt');
    expect(formatPermissions(0o1776, true)).toBe('rwxrwxrwt');
    expect(formatPermissions(0o2755, false)).toBe('rwx');
  });

  it('derives the switches per task (owner exceptions, package timestamps, no root line)', () => {
    const f = featuresOf('F11');
    const mk = (task: string, underPseudo = true): OuthashInputs => ({
      task,
      pkgspec: 'x',
      hashVersion: null,
      extraSigdata: null,
      sourceDateEpoch: '1700000000',
      underPseudo,
    });
    expect(deriveSwitches(mk('package_write_ipk'), f).includeOwners).toBe(false);
    expect(deriveSwitches(mk('package_qa'), f).includeOwners).toBe(false);
    expect(deriveSwitches(mk('populate_sysroot'), f).includeOwners).toBe(true);
    expect(deriveSwitches(mk('package'), f)).toEqual({
      includeOwners: true,
      includeTimestamps: true,
      includeRoot: false,
      sourceDateEpoch: 1700000000,
      groupOther: true,
    });
    // do_package is not package: compared literally.
    expect(deriveSwitches(mk('do_package'), f).includeTimestamps).toBe(false);
    // F1: nine permission characters always, owners regardless of task.
    expect(deriveSwitches(mk('package_write_ipk'), featuresOf('F1'))).toMatchObject({
      includeOwners: true,
      groupOther: true,
    });
    expect(deriveSwitches(mk('populate_sysroot', false), featuresOf('F1')).groupOther).toBe(true);
    // F4: package timestamps only with BUILD_REPRODUCIBLE_BINARIES=1, unclamped.
    expect(deriveSwitches(mk('package'), featuresOf('F4')).includeTimestamps).toBe(false);
    expect(
      deriveSwitches({ ...mk('package'), buildReproducibleBinaries: true }, featuresOf('F4')),
    ).toMatchObject({
      includeTimestamps: true,
      sourceDateEpoch: null,
    });
  });

  it('clamps timestamps to SOURCE_DATE_EPOCH and truncates toward zero', () => {
    const sw = deriveSwitches(
      {
        task: 'package',
        pkgspec: 'x',
        hashVersion: null,
        extraSigdata: null,
        sourceDateEpoch: '100',
        underPseudo: false,
      },
      featuresOf('F11'),
    );
    const line = (mtime: number): string => formatEntryLine({ ...base, path: './f', mtime }, sw).slice(4, 15);
    expect(line(150.7)).toBe('        100');
    expect(line(99.9)).toBe('         99');
    expect(line(-0.5)).toBe('          0');
    expect(line(-12.5)).toBe('        -12');
  });

  it('rejects a non-numeric SOURCE_DATE_EPOCH like the function', () => {
    expect(() => parseSourceDateEpoch(null)).toThrow(/SOURCE_DATE_EPOCH/);
    expect(() => parseSourceDateEpoch('abc')).toThrow(/SOURCE_DATE_EPOCH/);
    expect(parseSourceDateEpoch(' 1.5e3 ')).toBe(1500);
  });

  it('formats the 2019 multi-line entries', () => {
    expect(formatEntry2019({ ...base, path: './a', type: 'file', perm: 0o4755, digest: 'ab' })).toBe(
      './a\n\tmode=0x9ed\n\ttype=0x8000\n\tdigest=ab\n',
    );
    expect(
      formatEntry2019({ ...base, path: './b', type: 'blockdev', perm: 0o660, devMajor: 8, devMinor: 1 }),
    ).toBe('./b\n\tmode=0x1b0\n\ttype=0x6000\n\tdev=8,1\n');
  });

  it('resolves format names, branch aliases and rejects unknown ones', () => {
    expect(resolveOuthashFormat(undefined)).toBe('F11');
    expect(resolveOuthashFormat('current')).toBe('F11');
    expect(resolveOuthashFormat('2019-original')).toBe('F0');
    expect(resolveOuthashFormat('f7')).toBe('F7');
    expect(resolveOuthashFormat('Dunfell')).toBe('dunfell');
    expect(featuresOf('dunfell')).toMatchObject({
      noRootForPackage: true,
      filemap: false,
      groupOtherOnlyWithOwners: false,
    });
    expect(() => resolveOuthashFormat('sumo')).toThrow(/Unknown outhash format 'sumo'/);
  });
});
