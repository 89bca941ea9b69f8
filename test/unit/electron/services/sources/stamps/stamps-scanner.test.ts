import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../../../shared/model/errors';
import type { StampRecord } from '../../../../../../shared/model/sources';
import {
  parseStampName,
  scanStamps,
  unihashCacheKeyOf,
} from '../../../../../../electron/services/sources/stamps';
import { FIXTURE_BUILDDIR } from '../../../../../helpers/paths';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

const H = (c: string): string => c.repeat(64);

describe('parseStampName', () => {
  it('parses every kind of §D.1, dotted versions and extra-info suffixes', () => {
    expect(parseStampName(`1.3.1.do_compile.${H('a')}`)).toEqual({
      kind: 'stamp',
      version: '1.3.1',
      task: 'do_compile',
      hash: H('a'),
      extraInfo: null,
    });
    expect(parseStampName(`2024.01.do_deploy.${H('b')}.qemux86_64`)).toMatchObject({
      kind: 'stamp',
      task: 'do_deploy',
      extraInfo: 'qemux86_64',
    });
    expect(parseStampName(`1_2.38-r0.do_package_write_ipk_setscene.${H('c')}`)).toMatchObject({
      kind: 'setscene',
      version: '1_2.38-r0',
      task: 'do_package_write_ipk',
    });
    expect(parseStampName(`1.0.do_fetch.sigdata.${H('d')}`)).toMatchObject({ kind: 'sigdata', hash: H('d') });
    expect(parseStampName(`1.0.do_fetch.sigbasedata.${H('e')}`)).toMatchObject({ kind: 'sigbasedata' });
    expect(parseStampName('1.0.do_compile.taint')).toMatchObject({ kind: 'taint', hash: null });
    expect(parseStampName('1.0.do_build')).toMatchObject({ kind: 'stamp', hash: null });
    expect(parseStampName('readme.txt')).toBeNull();
    expect(parseStampName('1.0.do_x.sigdata.not-hex')).toBeNull();
  });
});

describe('scanStamps on the fixture build dir', () => {
  const all = (dir: string, mc = ''): StampRecord[] => [
    ...scanStamps(path.join(FIXTURE_BUILDDIR, dir, 'stamps'), { mc }),
  ];

  it('maps all 188 files of tmp/stamps', () => {
    const warnings: ErrorInfo[] = [];
    const recs = [
      ...scanStamps(path.join(FIXTURE_BUILDDIR, 'tmp', 'stamps'), { onWarning: (w) => warnings.push(w) }),
    ];
    expect(warnings).toEqual([]);
    expect(recs).toHaveLength(188);
    const count = (k: string): number => recs.filter((r) => r.kind === k).length;
    expect([count('stamp'), count('sigdata'), count('setscene'), count('taint')]).toEqual([86, 98, 4, 0]);
    expect(new Set(recs.map((r) => r.pn))).toEqual(
      new Set(['busybox', 'initscripts', 'openssl', 'zlib', 'u-boot', 'quilt-native', 'zlib-native']),
    );
    const sysroot = recs.filter(
      (r) => r.pn === 'zlib' && r.task === 'do_populate_sysroot' && r.kind === 'stamp',
    );
    expect(sysroot).toHaveLength(1);
    expect(sysroot[0]).toMatchObject({
      relPath:
        'core2-64-poky-linux/zlib/1.3.1.do_populate_sysroot.ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
      arch: 'core2-64-poky-linux',
      version: '1.3.1',
      mc: '',
      hash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
      size: 0,
    });
    expect(unihashCacheKeyOf(sysroot[0]!)).toBe(':zlib:do_populate_sysroot');
    const deploy = recs.find((r) => r.task === 'do_deploy' && r.kind === 'stamp');
    expect(deploy).toMatchObject({
      pn: 'u-boot',
      version: '2024.01',
      extraInfo: 'qemux86_64',
      hash: 'cc8de78ca087fbd3db5b6ed047ae91949c336f865873293e926f65779878f974',
    });
  });

  it('maps the 30 files of tmp-mc1/stamps to mc1', () => {
    const recs = all('tmp-mc1', 'mc1');
    expect(recs).toHaveLength(30);
    expect(recs.filter((r) => r.kind === 'sigdata')).toHaveLength(15);
    expect(
      recs
        .filter((r) => r.kind === 'setscene')
        .map((r) => r.task)
        .sort(),
    ).toEqual(['do_package_write_ipk', 'do_packagedata']);
    expect(new Set(recs.map((r) => `${r.mc}/${r.arch}/${r.pn}`))).toEqual(
      new Set(['mc1/cortexa57-poky-linux/zlib']),
    );
  });
});

describe('scanStamps on odd directories', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTemp();
    cpSync(path.join(FIXTURE_BUILDDIR, 'tmp-mc1', 'stamps'), path.join(tmp, 'stamps'), { recursive: true });
  });
  afterAll(() => rmTemp(tmp));

  it('skips symlinks (even looping ones), foreign files and non-UTF-8 names with warnings', () => {
    const s = path.join(tmp, 'stamps');
    const zlib = path.join(s, 'cortexa57-poky-linux', 'zlib');
    symlinkSync('..', path.join(s, 'cortexa57-poky-linux', 'loop'));
    symlinkSync('/etc', path.join(zlib, 'escape'));
    writeFileSync(path.join(zlib, 'notes.txt'), 'x');
    writeFileSync(Buffer.concat([Buffer.from(`${zlib}/1.3.1.do_fetch.`), Buffer.from([0xff, 0xfe])]), '');
    mkdirSync(path.join(s, 'work-shared'));
    writeFileSync(path.join(s, 'work-shared', `gcc-source-13.2.0-r0.do_unpack.${H('f')}`), '');
    const warnings: ErrorInfo[] = [];
    const recs = [...scanStamps(s, { mc: 'mc1', onWarning: (w) => warnings.push(w) })];
    expect(recs).toHaveLength(31);
    expect(recs.find((r) => r.arch === 'work-shared')).toMatchObject({
      pn: 'gcc-source-13.2.0-r0',
      task: 'do_unpack',
      version: '',
    });
    expect(warnings.map((w) => w.code).sort()).toEqual([
      'BAD_FORMAT',
      'BAD_FORMAT',
      'UNSUPPORTED',
      'UNSUPPORTED',
    ]);
    expect(warnings.find((w) => w.message.includes('UTF-8'))?.message).toContain('fffe');
  });

  it('reports a missing stamps dir as a warning and yields nothing', () => {
    const warnings: ErrorInfo[] = [];
    expect([...scanStamps(path.join(tmp, 'nope'), { onWarning: (w) => warnings.push(w) })]).toEqual([]);
    expect(warnings[0]?.code).toBe('NOT_FOUND');
  });
});
