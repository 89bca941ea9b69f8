import { describe, expect, it } from 'vitest';
import { findLeaks, findLeaksInValue } from '../../../../shared/model/sig-diff-leaks';
import type { SigData } from '../../../../shared/model/sigdata';

const sig = (varvals: Record<string, string | null>, taskdeps = Object.keys(varvals)): SigData => ({
  task: 'do_compile',
  basehashIgnoreVars: ['TOPDIR'],
  taskhashIgnoreTasks: null,
  taskdeps,
  basehash: '',
  gendeps: {},
  varvals,
});

describe('findLeaks', () => {
  it('names known build dirs, longest first, and home paths with their user', () => {
    const s = sig({
      EXTRA_OECONF: '--with-sysroot=/home/alice/poky/build/tmp/sysroots --prefix=/usr',
      do_compile: 'cp /home/bob/layers/meta-x/files/a.cfg ${B}\n',
    });
    const leaks = findLeaks(s, {
      paths: [
        { name: 'TOPDIR', path: '/home/alice/poky/build' },
        { name: 'TMPDIR', path: '/home/alice/poky/build/tmp' },
      ],
    });
    expect(leaks).toEqual([
      {
        variable: 'EXTRA_OECONF',
        kind: 'build-path',
        match: '/home/alice/poky/build/tmp',
        detail: 'TMPDIR',
        line: 1,
      },
      {
        variable: 'do_compile',
        kind: 'home-path',
        match: '/home/bob/layers/meta-x/files/a.cfg',
        detail: 'bob',
        line: 1,
      },
    ]);
  });

  it('finds dates, times, users and hosts; ignores target paths, hashes and ignored variables', () => {
    const s = sig({
      BUILD_ID: 'built 2026-11-25 08:57:56 by alice on ci-runner-7.internal',
      STAMPED: '20261125085756',
      HEI_BINARIES: '/usr/lib/libz.so.1.3.1',
      SRCREV: 'a3b2c1d4e5f60718293a4b5c6d7e8f9012345678',
      TOPDIR: '/home/alice/build',
    });
    const leaks = findLeaks(s, { users: ['alice'] }).map((l) => `${l.variable}:${l.kind}:${l.match}`);
    expect(leaks).toEqual([
      'BUILD_ID:date:2026-11-25',
      'BUILD_ID:time:08:57:56',
      'BUILD_ID:user:alice',
      'BUILD_ID:host:ci-runner-7.internal',
      'STAMPED:date:20261125085756',
    ]);
  });

  it('reports the line of a multi-line value', () => {
    expect(findLeaksInValue('do_install', 'install -d ${D}\ncp /builds/ci/x ${D}\n')).toEqual([
      { variable: 'do_install', kind: 'absolute-path', match: '/builds/ci/x', line: 2 },
    ]);
  });
});
