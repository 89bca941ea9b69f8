/**
 * Reads a directory on disk into a TreeNode tree: lstat only (never following a symlink),
 * names checked as UTF-8. Read-only: nothing is opened for writing.
 */
import { lstatSync, readdirSync, readlinkSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { InspectorError } from '../../../shared/model/errors';
import type { OuthashEntryType } from '../../../shared/model/outhash-lines';
import type { ProgressFn } from '../../../shared/model/progress';
import { throwIfCancelled } from '../jobs/cancel';
import type { ResolvesToDir, TreeNode } from './tree';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function typeOf(st: BigIntStats | Stats): OuthashEntryType {
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'chardev';
  if (st.isBlockDevice()) return 'blockdev';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'file';
}

const NS = 1_000_000_000n;

/** Python's st_mtime: (double)tv_sec + (double)tv_nsec * 1e-9, with tv_nsec in [0, 1e9). */
export function pythonMtime(ns: bigint): number {
  let sec = ns / NS;
  let rem = ns % NS;
  if (rem < 0n) {
    sec -= 1n;
    rem += NS;
  }
  return Number(sec) + Number(rem) * 1e-9;
}

/** Linux major/minor of a dev_t (glibc's gnu_dev_major/minor). */
export function splitDev(rdev: bigint): { major: number; minor: number } {
  return {
    major: Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn)),
    minor: Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn)),
  };
}

function statError(err: unknown, file: string): InspectorError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InspectorError('NOT_FOUND', `No such file or directory`, { file });
  if (code === 'EACCES' || code === 'EPERM')
    return new InspectorError('PERMISSION_DENIED', `Permission denied`, { file });
  return new InspectorError('BAD_FORMAT', `Cannot read: ${(err as Error).message}`, { file });
}

/** readlink as UTF-8; invalid bytes are an error (BitBake cannot encode the text either). */
function linkText(full: string): string {
  const raw = readlinkSync(full, { encoding: 'buffer' });
  try {
    return utf8.decode(raw);
  } catch {
    throw new InspectorError(
      'UNSUPPORTED',
      `Symlink target is not valid UTF-8 (${JSON.stringify(raw.toString('latin1'))}): BitBake cannot encode it either, so the task has no outhash`,
      { file: full },
    );
  }
}

function nodeFromStat(name: string, nameBytes: Buffer, full: string, st: BigIntStats | Stats): TreeNode {
  const type = typeOf(st);
  const dev = type === 'chardev' || type === 'blockdev' ? splitDev(BigInt(st.rdev)) : { major: 0, minor: 0 };
  return {
    name,
    nameBytes,
    type,
    perm: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
    // Nanosecond precision (bigint stats) only when timestamps are hashed: bigints cost time.
    mtime: 'mtimeNs' in st ? pythonMtime(st.mtimeNs) : st.mtimeMs / 1000,
    devMajor: dev.major,
    devMinor: dev.minor,
    size: Number(st.size),
    linkTarget: type === 'symlink' ? linkText(full) : '',
    fsPath: full,
  };
}

/** Options of readDirectoryTree. */
export interface DirectoryReadOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Read exact (nanosecond) mtimes; needed only when timestamps are hashed. */
  exactTimes?: boolean;
  /** Called for each regular file as it is found, with its path string ('./a/b'). */
  onRegularFile?: (node: TreeNode, relPath: string) => void;
}

/** Reads the whole tree below `root` (metadata only). */
export function readDirectoryTree(root: string, opts: DirectoryReadOptions = {}): TreeNode {
  const exact = opts.exactTimes === true;
  const lstat = (p: string): BigIntStats | Stats => (exact ? lstatSync(p, { bigint: true }) : lstatSync(p));
  let st: BigIntStats | Stats;
  try {
    st = lstat(root);
  } catch (err) {
    throw statError(err, root);
  }
  if (!st.isDirectory()) throw new InspectorError('NOT_A_FILE', 'Expected a directory', { file: root });
  const top = nodeFromStat('.', Buffer.from('.'), root, st);
  let count = 0;
  const pending: { node: TreeNode; rel: string }[] = [{ node: top, rel: '.' }];
  while (pending.length > 0) {
    const { node: dir, rel } = pending.pop() as { node: TreeNode; rel: string };
    const dirPath = dir.fsPath as string;
    throwIfCancelled(opts.signal, 'Outhash');
    let names: Buffer[];
    try {
      names = readdirSync(dirPath, { encoding: 'buffer' });
    } catch (err) {
      // BitBake's os.walk would silently leave this directory (and its own line) out; a silently
      // different outhash helps nobody, so we say so instead.
      throw new InspectorError(
        'PERMISSION_DENIED',
        `Cannot list directory (BitBake's walk would silently omit it): ${(err as Error).message}`,
        { file: dirPath },
      );
    }
    dir.children = new Map();
    for (const nameBytes of names) {
      let name: string;
      try {
        name = utf8.decode(nameBytes);
      } catch {
        throw new InspectorError(
          'UNSUPPORTED',
          `File name is not valid UTF-8 (${JSON.stringify(nameBytes.toString('latin1'))}): BitBake cannot encode it either, so the task has no outhash`,
          { file: dirPath, entry: nameBytes.toString('hex') },
        );
      }
      const full = `${dirPath}/${name}`;
      let cst: BigIntStats | Stats;
      try {
        cst = lstat(full);
      } catch (err) {
        throw statError(err, full);
      }
      const node = nodeFromStat(name, nameBytes, full, cst);
      dir.children.set(name, node);
      if (node.type === 'dir') pending.push({ node, rel: `${rel}/${name}` });
      else if (node.type === 'file') opts.onRegularFile?.(node, `${rel}/${name}`);
      if (++count % 2048 === 0) {
        throwIfCancelled(opts.signal, 'Outhash');
        opts.onProgress?.({ phase: 'scan', done: count, current: full });
      }
    }
  }
  opts.onProgress?.({ phase: 'scan', done: count, total: count });
  return top;
}

/** os.walk's is_dir(): follows the link on the host file system; any failure means "not a dir". */
export const hostResolvesToDir: ResolvesToDir = (node) => {
  try {
    return statSync(node.fsPath as string).isDirectory();
  } catch {
    return false;
  }
};
