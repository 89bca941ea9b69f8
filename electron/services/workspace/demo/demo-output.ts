/**
 * Output trees of the demo's sstate tasks, their OEOuthashBasic text (the depsig, spec
 * sstate-and-siginfo.md §6, current format, no pseudo) and their tar archives.
 */
import { createHash } from 'node:crypto';
import { zstdCompressSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { OuthashEntry } from '../../../../shared/model/outhash-lines';
import { deriveSwitches, formatEntryLine, formatHeader } from '../../../../shared/model/outhash-lines';
import { featuresOf, resolveOuthashFormat } from '../../../../shared/model/outhash-format';

/** One entry of an output tree; paths are relative, '/'-separated, without './'. */
export type OutEntry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; content: string }
  | { type: 'symlink'; path: string; target: string };

/** Every file and symlink time in the demo's archives (package's outhash includes it). */
export const DEMO_MTIME = 1700000000;

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * The depsig text of a tree: header, then a top-down walk where each directory lists itself, its
 * files (and symlinks) in code-point order, then descends into its subdirectories in order.
 */
export function depsigText(task: string, pkgspec: string, entries: readonly OutEntry[]): string {
  const f = featuresOf(resolveOuthashFormat('current'));
  const inputs = {
    task,
    pkgspec,
    hashVersion: '18',
    extraSigdata: null,
    sourceDateEpoch: String(DEMO_MTIME),
    underPseudo: false,
  };
  const sw = deriveSwitches(inputs, f);
  let text = formatHeader(inputs, f);
  const dirs = new Map<string, OutEntry[]>([['', []]]);
  for (const e of entries) {
    const parent = e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/')) : '';
    if (e.type === 'dir') dirs.set(e.path, dirs.get(e.path) ?? []);
    const list = dirs.get(parent) ?? [];
    list.push(e);
    dirs.set(parent, list);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const line = (e: OutEntry | null, path: string, mode: number): string => {
    const base: OuthashEntry = {
      path: path === '' ? '.' : `./${path}`,
      type: e?.type ?? 'dir',
      perm: mode,
      user: 'root',
      group: 'root',
      mtime: DEMO_MTIME,
      devMajor: 0,
      devMinor: 0,
      size: e?.type === 'file' ? Buffer.byteLength(e.content) : 0,
      digest: e?.type === 'file' ? sha256(e.content) : '',
      linkTarget: e?.type === 'symlink' ? e.target : '',
      filtered: false,
    };
    return formatEntryLine(base, sw);
  };
  const walk = (dir: string, self: OutEntry | null) => {
    if (dir !== '' || sw.includeRoot) text += line(self, dir, self && self.type === 'dir' ? self.mode : 0o755);
    const children = [...(dirs.get(dir) ?? [])].sort((a, b) => cmp(a.path, b.path));
    for (const c of children) if (c.type !== 'dir') text += line(c, c.path, c.type === 'file' ? c.mode : 0o777);
    for (const c of children) if (c.type === 'dir') walk(c.path, c);
  };
  walk('', null);
  return text;
}

/** The outhash of a depsig text. */
export function outhashOf(depsig: string): string {
  return sha256(Buffer.from(depsig, 'utf8'));
}

/** A zstd-compressed tar of the tree (directories first, as tar lists them). */
export async function makeArchive(entries: readonly OutEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  const mtime = new Date(DEMO_MTIME * 1000);
  const common = { mtime, uname: 'root', gname: 'root', uid: 0, gid: 0 };
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (e.type === 'dir') p.entry({ ...common, name: `${e.path}/`, type: 'directory', mode: e.mode });
    else if (e.type === 'symlink')
      p.entry({ ...common, name: e.path, type: 'symlink', linkname: e.target, mode: 0o777 });
    else p.entry({ ...common, name: e.path, type: 'file', mode: e.mode }, e.content);
  }
  p.finalize();
  await done;
  return zstdCompressSync(Buffer.concat(chunks));
}

/** What a demo sstate task puts in its archive; `seed` changes when the output changes. */
export function outputTree(
  task: string,
  pn: string,
  pv: string,
  native: boolean,
  pkgarch: string,
  seed: string,
): OutEntry[] {
  const d = (path: string): OutEntry => ({ type: 'dir', path, mode: 0o755 });
  const file = (path: string, content: string, mode = 0o644): OutEntry => ({ type: 'file', path, mode, content });
  const lib = `lib${pn.replace(/-native$/, '')}.so`;
  switch (task) {
    case 'populate_lic':
      return [d('license-destdir'), d(`license-destdir/${pn}`), file(`license-destdir/${pn}/COPYING`, `${pn} license\n`)];
    case 'populate_sysroot': {
      const top = native ? 'recipe-sysroot-native' : 'sysroot-destdir';
      return [
        d(top),
        d(`${top}/sysroot-providers`),
        file(`${top}/sysroot-providers/${pn}`, `${pn}\n`),
        d(`${top}/usr`),
        d(`${top}/usr/lib`),
        file(`${top}/usr/lib/${lib}.${pv}`, `ELF ${pn} ${pv} ${seed}\n`, 0o755),
        { type: 'symlink', path: `${top}/usr/lib/${lib}`, target: `${lib}.${pv}` },
        d(`${top}/usr/include`),
        file(`${top}/usr/include/${pn}.h`, `/* ${pn} ${pv} */\n#define ${pn.replace(/\W/g, '_').toUpperCase()} 1\n`),
      ];
    }
    case 'package':
      return [
        d('package'),
        d('package/usr'),
        d('package/usr/lib'),
        file(`package/usr/lib/${lib}.${pv}`, `ELF ${pn} ${pv} ${seed} stripped\n`, 0o755),
        d('packages-split'),
        d(`packages-split/${pn}`),
        d(`packages-split/${pn}/usr`),
        d(`packages-split/${pn}/usr/lib`),
        file(`packages-split/${pn}/usr/lib/${lib}.${pv}`, `ELF ${pn} ${pv} ${seed} stripped\n`, 0o755),
        d('pkgdata'),
        file(`pkgdata/${pn}`, `PN: ${pn}\nPV: ${pv}\n`),
      ];
    case 'packagedata':
      return [
        d('pkgdata-pdata-input'),
        d('pkgdata-pdata-input/runtime'),
        file(`pkgdata-pdata-input/runtime/${pn}`, `PN: ${pn}\nPKGSIZE:${pn}: ${seed.length * 1000}\nSRC: ${seed}\n`),
        file(`pkgdata-pdata-input/${pn}`, `PACKAGES: ${pn} ${pn}-dev ${pn}-dbg\n`),
      ];
    case 'package_write_ipk':
      return [
        d('deploy-ipks'),
        d(`deploy-ipks/${pkgarch}`),
        file(`deploy-ipks/${pkgarch}/${pn}_${pv}-r0_${pkgarch}.ipk`, `!<arch>\ndebian-binary ${pn} ${seed}\n`),
      ];
    default:
      return [];
  }
}
