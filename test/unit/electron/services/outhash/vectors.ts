/**
 * Test helper: reads the outhash vectors (shared/vectors) and materialises their trees in a temp
 * dir, following vectors/README.md ("Materialising a tree").
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  lchownSync,
  chmodSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeSync,
  ftruncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VECTORS } from '../../../../helpers/paths';
import type { OuthashParams } from '../../../../../electron/services/outhash/compute';

type Content =
  | { text: string }
  | { base64: string }
  | { repeat: ({ text: string } | { base64: string }) & { count: number; truncate?: number } }
  | { sparse: { size: number; chunks: ({ offset: number } & ({ text: string } | { base64: string }))[] } };

/** One manifest entry (vectors/README.md, "Entries"). */
export interface VectorEntry {
  path: string;
  type: 'dir' | 'file' | 'symlink' | 'hardlink' | 'fifo' | 'chardev' | 'blockdev' | 'socket';
  mode?: string;
  user?: string;
  group?: string;
  mtime?: number;
  mtime_ns?: number;
  target?: string;
  content?: Content;
  major?: number;
  minor?: number;
}

/** A vector case. */
export interface VectorCase {
  dir: string;
  name: string;
  format: string;
  call: { task: string; path: string | null };
  vars: Record<string, string | null>;
  env: Record<string, string | null>;
  root: { mode: string; user: string; group: string; mtime: number };
  entries: VectorEntry[];
  archive: unknown;
  expectedSig: string;
  expectedOuthash: string;
}

/** All cases of vectors/outhash and vectors/outhash-2019. */
export function loadVectorCases(): VectorCase[] {
  const out: VectorCase[] = [];
  for (const group of ['outhash', 'outhash-2019']) {
    const base = path.join(VECTORS, group);
    for (const name of readdirSync(base).sort()) {
      const dir = path.join(base, name);
      const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
        algorithm: { format: string };
      } & Omit<VectorCase, 'dir' | 'format' | 'expectedSig' | 'expectedOuthash'>;
      out.push({
        ...m,
        dir,
        format: m.algorithm.format,
        expectedSig: readFileSync(path.join(dir, 'expected.sig'), 'utf8'),
        expectedOuthash: (
          JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { outhash: string }
        ).outhash,
      });
    }
  }
  return out;
}

/** The compute parameters a case describes. */
export function paramsOf(c: VectorCase): OuthashParams {
  return {
    format: c.format === '2019-original' ? '2019-original' : 'current',
    task: c.call.task,
    pkgspec: c.vars.SSTATE_PKGSPEC ?? null,
    hashVersion: c.vars.HASHEQUIV_HASH_VERSION ?? null,
    extraSigdata: c.vars.HASHEQUIV_EXTRA_SIGDATA ?? null,
    sourceDateEpoch: c.vars.SOURCE_DATE_EPOCH ?? null,
    filemap: c.vars.SSTATE_HASHEQUIV_FILEMAP ?? null,
    underPseudo: c.env.PSEUDO_DISABLED === '0',
    ...(c.call.path ? { basePath: c.call.path } : {}),
    root: { mode: parseInt(c.root.mode, 8), user: c.root.user, group: c.root.group, mtime: c.root.mtime },
  };
}

function idMap(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] && f[2] !== undefined && !m.has(f[0])) m.set(f[0], Number(f[2]));
  }
  return m;
}

/** Why a case cannot be materialised here, or null when it can. */
export function skipReason(c: VectorCase): string | null {
  const isRoot = process.getuid?.() === 0;
  const needsRoot = c.entries.some(
    (e) =>
      e.type === 'chardev' ||
      e.type === 'blockdev' ||
      (e.user !== undefined && e.user !== os.userInfo().username) ||
      (e.mode !== undefined && (parseInt(e.mode, 8) & 0o6000) !== 0),
  );
  if (needsRoot && !isRoot) return 'skipped: needs root for mknod/chown/setuid bits (CI runs as root)';
  const users = idMap('/etc/passwd');
  const groups = idMap('/etc/group');
  for (const e of [...c.entries, c.root]) {
    if ('user' in e && e.user && !users.has(e.user)) return `skipped: user '${e.user}' does not exist here`;
    if ('group' in e && e.group && !groups.has(e.group))
      return `skipped: group '${e.group}' does not exist here`;
  }
  if (c.entries.some((e) => e.type === 'socket'))
    return 'skipped: socket entries are not materialised by this helper';
  return null;
}

function bytesOf(u: { text: string } | { base64: string }): Buffer {
  return 'text' in u ? Buffer.from(u.text, 'utf8') : Buffer.from(u.base64, 'base64');
}

function writeContent(file: string, content: Content | undefined): void {
  if (!content) return writeFileSync(file, '');
  if ('text' in content || 'base64' in content) return writeFileSync(file, bytesOf(content));
  if ('repeat' in content) {
    const unit = bytesOf(content.repeat);
    let buf = Buffer.alloc(unit.length * content.repeat.count);
    for (let i = 0; i < content.repeat.count; i++) unit.copy(buf, i * unit.length);
    if (content.repeat.truncate !== undefined) buf = buf.subarray(0, content.repeat.truncate);
    return writeFileSync(file, buf);
  }
  const fd = openSync(file, 'w');
  try {
    ftruncateSync(fd, content.sparse.size);
    for (const ch of content.sparse.chunks) {
      const b = bytesOf(ch);
      writeSync(fd, b, 0, b.length, ch.offset);
    }
  } finally {
    closeSync(fd);
  }
}

function setTimes(p: string, e: { mtime?: number; mtime_ns?: number }): void {
  if (e.mtime_ns !== undefined) {
    const ns = BigInt(e.mtime_ns);
    const sec = ns / 1_000_000_000n;
    const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
    execFileSync('touch', ['-h', '-d', `@${sec}.${frac}`, p]);
  } else if (e.mtime !== undefined) lutimesSync(p, e.mtime, e.mtime);
}

/** Creates the case's tree under a new temp dir and returns the top directory. */
export function materialise(c: VectorCase): { top: string; cleanup: () => void } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'outhash-vec-'));
  const top = path.join(base, 'top');
  mkdirSync(top);
  const isRoot = process.getuid?.() === 0;
  const users = idMap('/etc/passwd');
  const groups = idMap('/etc/group');
  for (const e of c.entries) {
    const p = path.join(top, e.path);
    switch (e.type) {
      case 'dir':
        mkdirSync(p);
        break;
      case 'file':
        writeContent(p, e.content);
        break;
      case 'symlink':
        symlinkSync(e.target as string, p);
        break;
      case 'hardlink':
        linkSync(path.join(top, e.target as string), p);
        break;
      case 'fifo':
        execFileSync('mkfifo', [p]);
        break;
      case 'chardev':
      case 'blockdev':
        execFileSync('mknod', [p, e.type === 'chardev' ? 'c' : 'b', String(e.major), String(e.minor)]);
        break;
      case 'socket':
        throw new Error('sockets are not supported by this helper');
    }
  }
  const apply = (p: string, e: Omit<VectorEntry, 'path' | 'type'>, isLink: boolean): void => {
    if (isRoot && e.user && e.group)
      lchownSync(p, users.get(e.user) as number, groups.get(e.group) as number);
    if (!isLink && e.mode) chmodSync(p, parseInt(e.mode, 8));
    setTimes(p, e);
  };
  for (const e of [...c.entries].reverse()) {
    if (e.type === 'hardlink') continue;
    apply(path.join(top, e.path), e, e.type === 'symlink');
  }
  apply(top, c.root, false);
  return { top, cleanup: () => existsSync(base) && rmSync(base, { recursive: true, force: true }) };
}
