import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSstateName,
  parseSstateName,
  splitSstateExtension,
  sstateObjectDir,
  type SstateName,
} from '../../../../shared/model/sstate-name';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';

const SSTATE_DIR = path.join(FIXTURE_BUILDDIR, 'sstate-cache');

function fixtureNames(): string[] {
  return (
    readdirSync(SSTATE_DIR, { recursive: true, withFileTypes: true }) as Array<{
      name: string;
      isFile(): boolean;
    }>
  )
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

function parsed(name: string): SstateName {
  const r = parseSstateName(name);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return r.value;
}

const H = '0123456789abcdef'.repeat(4);

describe('parseSstateName on the fixture sstate cache', () => {
  const names = fixtureNames();

  it('parses all 72 files: 36 archives and 36 siginfo, all zst, none shortened', () => {
    expect(names).toHaveLength(72);
    const all = names.map(parsed);
    expect(all.filter((n) => n.kind === 'archive')).toHaveLength(36);
    expect(all.filter((n) => n.kind === 'siginfo')).toHaveLength(36);
    expect(all.every((n) => n.compression === 'zst' && !n.truncated && n.warnings.length === 0)).toBe(true);
    expect(all.every((n) => n.sstateVersion === '14')).toBe(true);
  });

  it('formats every parsed name back to the exact same name', () => {
    for (const name of names) expect(formatSstateName(parsed(name))).toBe(name);
  });

  it('reads the default spec of a target recipe', () => {
    const n = parsed(
      'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913_populate_sysroot.tar.zst',
    );
    expect(n).toEqual({
      pn: 'zlib',
      archspec: 'core2-64-poky-linux',
      pv: '1.3.1',
      pr: 'r0',
      pkgarch: 'core2-64',
      sstateVersion: '14',
      unihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
      task: 'populate_sysroot',
      kind: 'archive',
      compression: 'zst',
      ext: '.tar.zst',
      truncated: false,
      warnings: [],
    });
    expect(sstateObjectDir(n.unihash)).toBe('ec/9e');
  });

  it('reads the software spec of populate_lic (empty archspec and pkgarch)', () => {
    const n = parsed(
      'sstate:u-boot::2024.01:r0::14:639bfb0caaff8c87a92aa61ef4e9f0da571c8b242c02ff2ee20d43e6f31201c2_populate_lic.tar.zst.siginfo',
    );
    expect([n.pn, n.archspec, n.pv, n.pr, n.pkgarch, n.task, n.kind]).toEqual([
      'u-boot',
      '',
      '2024.01',
      'r0',
      '',
      'populate_lic',
      'siginfo',
    ]);
  });

  it('reads the native recipes stored under universal/', () => {
    const natives = names.filter((n) => n.includes('-native:x86_64-linux:')).map(parsed);
    expect(natives.map((n) => `${n.pn} ${n.pkgarch} ${n.task} ${n.kind}`)).toEqual([
      'quilt-native x86_64 populate_sysroot archive',
      'quilt-native x86_64 populate_sysroot siginfo',
      'zlib-native x86_64 populate_sysroot archive',
      'zlib-native x86_64 populate_sysroot siginfo',
    ]);
    expect(sstateObjectDir(natives[0]!.unihash, 'universal')).toBe('universal/ea/9a');
  });

  it('keeps task names that contain underscores whole', () => {
    const n = parsed(
      'sstate:u-boot:qemux86_64-poky-linux:2024.01:r0:qemux86_64:14:4bcbdd45f18828b139efea9002f73de6f93ff307c76f829dd6ba99dc1af9e2ed_package_write_ipk.tar.zst',
    );
    expect([n.archspec, n.pkgarch, n.task]).toEqual([
      'qemux86_64-poky-linux',
      'qemux86_64',
      'package_write_ipk',
    ]);
  });
});

describe('parseSstateName on other layouts and odd names', () => {
  it('reads old .tgz archives, their siginfo and .sig files', () => {
    const base = `sstate:zlib:i586-poky-linux:1.2.11:r0:i586:3:${H}_populate_sysroot`;
    expect([parsed(`${base}.tgz`).kind, parsed(`${base}.tgz`).compression]).toEqual(['archive', 'tgz']);
    expect(parsed(`${base}.tgz.siginfo`).kind).toBe('siginfo');
    expect(parsed(`${base}.tgz.sig`).kind).toBe('sig');
    expect(parsed(`${base}.tar.zst.sig`)).toMatchObject({
      kind: 'sig',
      compression: 'zst',
      ext: '.tar.zst.sig',
    });
  });

  it("accepts 'INVALID' as the hash and md5-length taskhashes of old releases", () => {
    expect(parsed('sstate:zlib::1.3.1:r0::14:INVALID_populate_lic.tar.zst').unihash).toBe('INVALID');
    expect(
      parsed('sstate:zlib:i586-poky-linux:1.2.8:r0:i586:2:0123456789abcdef0123456789abcdef_package.tgz')
        .unihash,
    ).toHaveLength(32);
  });

  it('keeps extra colon fields in PV and warns', () => {
    const n = parsed(`sstate:foo:core2-64-poky-linux:1:2.0:r0:core2-64:14:${H}_package.tar.zst`);
    expect([n.pv, n.pr, n.pkgarch]).toEqual(['1:2.0', 'r0', 'core2-64']);
    expect(n.warnings).toEqual(["1 extra ':' field(s), kept as part of PV"]);
  });

  it('rejects temporary names, flat pre-2012 names and malformed ones with a reason', () => {
    const cases: Array<[string, string]> = [
      [
        `sstate:zlib::1.3.1:r0::14:${H}_populate_lic.tar.zst.tmp1234`,
        'no sstate extension (.tar.zst, .tgz, .siginfo, .sig)',
      ],
      [
        `sstate:zlib::1.3.1:r0::14:${H}_populate_lic.tar.zstQx81bZ0a`,
        'no sstate extension (.tar.zst, .tgz, .siginfo, .sig)',
      ],
      [
        'sstate-zlib-i586-poky-linux-1.2.5-r0-i586-2-abc_populate_sysroot.tgz',
        "does not start with 'sstate:'",
      ],
      [`sstate:zlib:1.3.1:r0::14:${H}_populate_lic.tar.zst`, "7 ':'-separated fields, expected 8"],
      [`sstate:zlib::1.3.1:r0::14:${H}.tar.zst`, "last field has no '_' between hash and task"],
      ['sstate:zlib::1.3.1:r0::14:XYZ_populate_lic.tar.zst', "'XYZ' is not a hex hash or INVALID"],
      [`sstate:zlib::1.3.1:r0::14:${H}_.tar.zst`, 'empty task name'],
      [`sstate:::1.3.1:r0::14:${H}_populate_lic.tar.zst`, 'empty PN'],
    ];
    for (const [name, reason] of cases) expect(parseSstateName(name)).toEqual({ ok: false, reason });
  });

  it('splits extensions longest first', () => {
    expect(splitSstateExtension('x.tar.zst.siginfo')).toMatchObject({ stem: 'x', kind: 'siginfo' });
    expect(splitSstateExtension('.tar.zst')).toBeNull();
  });
});

describe('names shortened to fit 254 bytes (§2.1)', () => {
  // Expected strings computed with the shortening rule exactly as the fixture build's
  // hei_sstate_fn applies it (Python, outside this repo).
  const longPv = `6.6.23+gitAUTOINC+${'d'.repeat(40)}_${'e'.repeat(40)}`;
  const fields = {
    pn: 'linux-yocto',
    archspec: 'qemux86_64-poky-linux',
    pv: longPv,
    pr: `r0.${'9'.repeat(30)}`,
    pkgarch: 'qemux86_64',
    sstateVersion: '14',
    unihash: H,
    task: 'populate_sysroot',
    compression: 'zst' as const,
  };
  const shortArchive = `sstate:linux-yocto:qemux86_64-poky-linux:6.6.23+gitAUTOINC+${'d'.repeat(22)}:r0.${'9'.repeat(30)}:qemux86_64:14:${H}_populate_sysroot.tar.zst`;

  it('cuts ARCHSPEC, PV and PR to the available length', () => {
    expect(formatSstateName({ ...fields, kind: 'archive' })).toBe(shortArchive);
    expect(shortArchive).toHaveLength(219);
  });

  it('gives the siginfo the same cut (its limit is 8 larger, as is its extension)', () => {
    expect(formatSstateName({ ...fields, kind: 'siginfo' })).toBe(`${shortArchive}.siginfo`);
    expect(formatSstateName({ ...fields, kind: 'sig' })).toBe(`${shortArchive}.sig`);
  });

  it('parses a shortened name and flags it as truncated', () => {
    const n = parsed(shortArchive);
    expect(n.truncated).toBe(true);
    expect(n.pv).toBe(`6.6.23+gitAUTOINC+${'d'.repeat(22)}`);
    expect(n.pv).toHaveLength(40);
    expect(parsed(`${shortArchive}.siginfo`).truncated).toBe(true);
  });

  it('leaves a long name that still fits alone', () => {
    const pv = `6.6.23+gitAUTOINC+${'d'.repeat(40)}`;
    const name = formatSstateName({ ...fields, pv, pr: 'r0', kind: 'archive' });
    expect(name).toBe(
      `sstate:linux-yocto:qemux86_64-poky-linux:${pv}:r0:qemux86_64:14:${H}_populate_sysroot.tar.zst`,
    );
    expect(name).toHaveLength(206);
    expect(parsed(name).truncated).toBe(false);
  });

  it('never shortens .tgz names (no limit before dunfell)', () => {
    const name = formatSstateName({ ...fields, compression: 'tgz', kind: 'archive' });
    expect(name).toContain(longPv);
    expect(parsed(name).truncated).toBe(false);
  });

  it('round-trips any name that needs no shortening (property)', () => {
    const field = fc.stringMatching(/^[a-z0-9+._-]{0,20}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9+.-][a-z0-9+._-]{0,20}$/),
        field,
        field,
        field,
        field,
        fc.stringMatching(/^[0-9]{1,2}$/),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.stringMatching(/^[a-z][a-z_]{0,20}$/),
        fc.constantFrom('archive' as const, 'siginfo' as const, 'sig' as const),
        fc.constantFrom('zst' as const, 'tgz' as const),
        (pn, archspec, pv, pr, pkgarch, sstateVersion, unihash, task, kind, compression) => {
          const f = { pn, archspec, pv, pr, pkgarch, sstateVersion, unihash, task, kind, compression };
          const name = formatSstateName(f);
          expect(parsed(name)).toMatchObject(f);
        },
      ),
    );
  });
});
