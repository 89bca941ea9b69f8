import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSigtexts, formatSigtextDiff, parseSigtext } from '../../../../shared/model/outhash-sigtext';
import { VECTORS } from '../../../helpers/paths';

const sig = (c: string): string => readFileSync(path.join(VECTORS, c, 'expected.sig'), 'utf8');

describe('sigtext parsing', () => {
  it('parses header and owner/timestamp columns of a package sigtext', () => {
    const p = parseSigtext(sig('outhash/package-timestamps-clamp'));
    expect(p.format).toBe('ls');
    expect(p.header).toEqual({
      hashVersion: '18',
      extraSigdata: null,
      pkgspec: 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:',
      task: 'package',
    });
    expect(p.entries[3]).toMatchObject({
      path: './package/usr/bin/minigzip',
      type: '-',
      permissions: 'rwxr-xr-x',
      owner: 'root',
      group: 'root',
      mtime: '1699996400',
      size: '2000',
      digest: '3b9f002eef6a9d5f47ba5ac6bd0e1de94c4279075e3177ec7a30385984090975',
      line: 8,
    });
  });

  it('parses multi-line extra sigdata, devices and link targets', () => {
    const e = parseSigtext(sig('outhash/extra-sigdata'));
    expect(e.header.hashVersion).toBe('18.1');
    expect(e.header.extraSigdata?.split('\n').length).toBeGreaterThan(1);
    const d = parseSigtext(sig('outhash/special-files-owners'));
    expect(d.entries.find((x) => x.path === './dev/mmcblk0p12')).toMatchObject({
      type: 'b',
      device: '179.12',
      group: 'disk',
    });
    const l = parseSigtext(sig('outhash/symlinks-file-and-dangling'));
    expect(l.entries.find((x) => x.path === './usr/lib/dangling')?.linkTarget).toBe('does-not-exist');
  });

  it('parses the 2019 format', () => {
    const p = parseSigtext(sig('outhash-2019/2019-basic'));
    expect(p.format).toBe('2019');
    expect(p.header.hashVersion).toBeNull();
    expect(p.entries[0]).toMatchObject({ path: './top.txt', permissions: '0x1a4', type: '0x8000' });
  });

  it('rejects text that is not a sigtext with the line number', () => {
    expect(() => parseSigtext('hello\n', 'f')).toThrow(/OEOuthashBasic/);
    expect(() => parseSigtext('OEOuthashBasic\nSSTATE_PKGSPEC=x\ntask=t\ngarbage\n', 'f')).toThrowError(
      expect.objectContaining({ code: 'BAD_FORMAT', where: { file: 'f', line: 4 } }),
    );
  });
});

describe('sigtext diff', () => {
  it('owners on vs off: every line changes in permissions/owner/group, header identical', () => {
    const d = diffSigtexts(
      parseSigtext(sig('outhash/owners-pseudo-unset')),
      parseSigtext(sig('outhash/owners-pseudo-0')),
    );
    expect(d.identical).toBe(false);
    expect(d.header).toEqual([]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed.length).toBe(parseSigtext(sig('outhash/owners-pseudo-0')).entries.length);
    expect(d.changed[0]?.fields.map((f) => f.field)).toEqual(['permissions', 'owner', 'group']);
  });

  it('reports header fields, added/removed paths and per-field changes', () => {
    const a = 'OEOuthashBasic\n18\nSSTATE_PKGSPEC=s:\ntask=populate_sysroot\n';
    const line = (size: string, digest: string, p: string): string =>
      `-rw- ${' '.repeat(9)} ${size.padStart(10)} ${digest} ${p}\n`;
    const A = a + line('1', 'a'.repeat(64), './f') + line('2', 'b'.repeat(64), './gone');
    const B =
      a.replace('18\n', '17\n') + line('3', 'c'.repeat(64), './f') + line('2', 'b'.repeat(64), './new');
    const d = diffSigtexts(parseSigtext(A), parseSigtext(B));
    expect(d.header).toEqual([{ field: 'hashVersion', a: '18', b: '17' }]);
    expect(d.removed.map((e) => e.path)).toEqual(['./gone']);
    expect(d.added.map((e) => e.path)).toEqual(['./new']);
    expect(d.changed[0]?.fields).toEqual([
      { field: 'size', a: '1', b: '3' },
      { field: 'digest', a: 'a'.repeat(64), b: 'c'.repeat(64) },
    ]);
    expect(formatSigtextDiff(d)).toContain('changed ./f: size "1" -> "3"');
    expect(diffSigtexts(parseSigtext(A), parseSigtext(A)).identical).toBe(true);
  });
});
