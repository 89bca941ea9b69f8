import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateConf, expandValue, parseConf } from '../../../../../../electron/services/sources/build-conf';
import { FIXTURE_BUILDDIR } from '../../../../../helpers/paths';

describe('parseConf', () => {
  it('reads the fixture local.conf', () => {
    const file = path.join(FIXTURE_BUILDDIR, 'conf', 'local.conf');
    const conf = parseConf(readFileSync(file, 'utf8'), file);
    expect(conf.errors).toEqual([]);
    expect(conf.assignments.map((a) => [a.name, a.op, a.raw, a.line])).toEqual([
      ['BBMULTICONFIG', '=', 'mc1', 1],
      ['ZLIB_CFLAGS', '=', '-O2 -pipe -fstack-protector-strong', 4],
      ['BUSYBOX_APPLETS', '=', 'ash cat ls mount sh vi', 5],
    ]);
  });

  it('understands operators, quotes, continuations, exports, overrides and skips the rest', () => {
    const text = [
      '# comment',
      'export SSTATE_DIR ?= "/srv/sstate"',
      "TMPDIR = '${TOPDIR}/tmp-glibc'",
      'SSTATE_MIRRORS ?= "file://.* file:///mnt/mirror/PATH \\',
      '    file://.* http://example.com/PATH"',
      'BBMULTICONFIG += "mc2"',
      'BBMULTICONFIG:append = " mc3"',
      'BBMULTICONFIG_remove = "mc1"',
      'MACHINE:qemuarm = "x"',
      'PERSISTENT_DIR[doc] = "where"',
      'include conf/extra.conf',
      'unset FOO',
      'this is not bitbake',
    ].join('\n');
    const c = parseConf(text, 'x.conf');
    expect(c.assignments.map((a) => [a.name, a.op, a.suffix])).toEqual([
      ['SSTATE_DIR', '?=', null],
      ['TMPDIR', '=', null],
      ['SSTATE_MIRRORS', '?=', null],
      ['BBMULTICONFIG', '+=', null],
      ['BBMULTICONFIG', '=', ':append'],
      ['BBMULTICONFIG', '=', ':remove'],
    ]);
    expect(c.assignments[2]?.raw).toBe(
      'file://.* file:///mnt/mirror/PATH     file://.* http://example.com/PATH',
    );
    expect(c.assignments[2]?.line).toBe(4);
    expect(c.skipped.map((s) => s.reason)).toEqual([
      'conditional override :qemuarm',
      'variable flag',
      'statement not evaluated',
    ]);
    expect(c.unsets).toEqual([{ name: 'FOO', line: 12 }]);
    expect(c.errors).toEqual([{ line: 13, text: 'this is not bitbake' }]);
  });
});

describe('evaluateConf', () => {
  it('applies =, ?=, ??=, :=, +=, .=, =+, =., appends/removes and OE defaults, expanding TOPDIR', () => {
    const a = parseConf(
      [
        'A = "1"',
        'A ?= "2"',
        'B ??= "weak"',
        'B ??= "weaker"',
        'C = "${A}"',
        'D := "${A}"',
        'A = "3"',
        'E = "x"',
        'E += "y"',
        'E .= "z"',
        'E =+ "w"',
        'E =. "v"',
        'L = "a b c"',
        'L:remove = "b"',
        'L:append = " d"',
        'TMPDIR = "${TOPDIR}/tmp-glibc"',
        'X = "${@d.getVar(\'Y\')}"',
        'M = "${MACHINE}"',
      ].join('\n'),
      'local.conf',
    );
    const v = evaluateConf([a], { TOPDIR: '/b' });
    expect(v.values).toMatchObject({
      A: '3',
      B: 'weaker',
      C: '3',
      D: '1',
      E: 'vw x yz',
      L: 'a c d',
      TMPDIR: '/b/tmp-glibc',
      STAMPS_DIR: '/b/tmp-glibc/stamps',
      PERSISTENT_DIR: '/b/cache',
      SSTATE_DIR: '/b/sstate-cache',
    });
    expect(v.unexpanded).toEqual(['M', 'X']);
    expect(v.assignments).toHaveLength(18);
  });

  it('lets a later file override an earlier one and does not loop on self references', () => {
    const site = parseConf('SSTATE_DIR = "/site"\nLOOP = "${LOOP}x"', 'site.conf');
    const local = parseConf('SSTATE_DIR = "/local"', 'local.conf');
    const v = evaluateConf([site, local], { TOPDIR: '/b' });
    expect(v.values.SSTATE_DIR).toBe('/local');
    expect(v.unexpanded).toContain('LOOP');
    expect(expandValue('${A}/${B}', { A: 'a' })).toEqual({ value: 'a/${B}', complete: false });
  });
});
