/**
 * Reads an sstate archive (.tar.zst — one or many zstd frames, as pzstd writes them —, legacy
 * .tgz, or plain .tar) into a TreeNode tree, streaming: nothing is extracted, each member's
 * content is hashed as it passes. Only contents of filemap-filtered files are kept (bounded),
 * because their digest needs the whole transformed file.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Transform } from 'node:stream';
import { InspectorError } from '../../../shared/model/errors';
import type { OuthashEntryType } from '../../../shared/model/outhash-lines';
import type { ProgressFn } from '../../../shared/model/progress';
import { throwIfCancelled } from '../jobs/cancel';
import { TarParser, type TarDataSink, type TarHeader } from './tar-parser';
import type { ResolvesToDir, TreeNode } from './tree';
import { decodeZstdFrames } from './zstd-frames';

/** Attributes of the top directory, which sstate archives do not contain (spec 7). */
export interface RootAttributes {
  /** Permission bits, default 0o755 (what a real build has under pseudo). */
  mode: number;
  user: string;
  group: string;
  /** Seconds; only visible for task package, whose root line is not emitted. */
  mtime: number;
}

/** Default top directory: drwxr-xr-x root:root. */
export const DEFAULT_ROOT: RootAttributes = { mode: 0o755, user: 'root', group: 'root', mtime: 0 };

/** Options of readArchiveTree. */
export interface ArchiveReadOptions {
  root?: RootAttributes;
  /** Decides for a './path' whether its content must be kept for filemap filtering. */
  keepContent?: (path: string) => boolean;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Largest filtered file kept in memory (default 256 MiB). */
  maxKeptBytes?: number;
}

const TYPES: Record<string, OuthashEntryType> = {
  '0': 'file',
  '7': 'file',
  S: 'file',
  '2': 'symlink',
  '3': 'chardev',
  '4': 'blockdev',
  '5': 'dir',
  D: 'dir',
  '6': 'fifo',
};

type Compression = 'zstd' | 'gzip' | 'none';

async function sniff(file: string): Promise<Compression> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    const magic = bytesRead >= 4 ? b.readUInt32LE(0) : 0;
    if (magic === 0xfd2fb528 || (magic & 0xfffffff0) === 0x184d2a50) return 'zstd';
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
    return 'none';
  } finally {
    await fh.close();
  }
}

/** Splits a member name into safe components; refuses absolute names and '..'. */
export function memberParts(name: string, file: string, offset: number): string[] {
  if (name.startsWith('/'))
    throw new InspectorError('UNSAFE_CONTENT', `Archive member has an absolute name '${name}'`, {
      file,
      offset,
      entry: name,
    });
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..'))
    throw new InspectorError('UNSAFE_CONTENT', `Archive member name escapes the tree: '${name}'`, {
      file,
      offset,
      entry: name,
    });
  return parts;
}

function newDir(name: string): TreeNode {
  return {
    name,
    nameBytes: Buffer.from(name, 'utf8'),
    type: 'dir',
    perm: 0o755,
    uid: 0,
    gid: 0,
    user: 'root',
    group: 'root',
    mtime: 0,
    devMajor: 0,
    devMinor: 0,
    size: 0,
    linkTarget: '',
    children: new Map(),
  };
}

/** Reads the archive into a tree; resolves hard links; returns the tree and member count. */
export async function readArchiveTree(
  file: string,
  opts: ArchiveReadOptions = {},
): Promise<{ root: TreeNode; members: number }> {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InspectorError(code === 'ENOENT' ? 'NOT_FOUND' : 'PERMISSION_DENIED', (err as Error).message, {
      file,
    });
  }
  if (!st.isFile()) throw new InspectorError('NOT_A_FILE', 'Expected an archive file', { file });
  const rootAttrs = opts.root ?? DEFAULT_ROOT;
  const root = newDir('.');
  Object.assign(root, {
    perm: rootAttrs.mode,
    user: rootAttrs.user,
    group: rootAttrs.group,
    mtime: rootAttrs.mtime,
  });
  const hardlinks: { parts: string[]; target: string[]; offset: number }[] = [];
  const maxKept = opts.maxKeptBytes ?? 256 << 20;

  const place = (parts: string[], node: TreeNode): void => {
    let dir = root;
    for (const p of parts.slice(0, -1)) {
      let next = dir.children?.get(p);
      if (!next || next.type !== 'dir') {
        // tar -x creates missing parents; a non-directory in the way is replaced the same way.
        next = newDir(p);
        dir.children?.set(p, next);
      }
      dir = next;
    }
    const name = parts[parts.length - 1] as string;
    const old = dir.children?.get(name);
    if (old?.children && node.type === 'dir') node.children = old.children;
    dir.children?.set(name, node);
  };

  const onEntry = (h: TarHeader): TarDataSink | null => {
    const parts = memberParts(h.path, file, h.offset);
    if (h.typeflag === '1') {
      hardlinks.push({ parts, target: memberParts(h.linkpath, file, h.offset), offset: h.offset });
      return null;
    }
    const type = TYPES[h.typeflag];
    if (!type) {
      if (h.typeflag === 'V' || h.typeflag === 'N') return null; // volume label, old GNU rename list
      throw new InspectorError('UNSUPPORTED', `Archive member of tar type '${h.typeflag}' is not supported`, {
        file,
        offset: h.offset,
        entry: h.path,
      });
    }
    if (parts.length === 0) {
      // A './' member is the top directory itself: it carries the root's real attributes.
      Object.assign(root, {
        perm: h.mode & 0o7777,
        user: h.uname,
        group: h.gname,
        uid: h.uid,
        gid: h.gid,
        mtime: h.mtime,
      });
      return null;
    }
    const name = parts[parts.length - 1] as string;
    const node: TreeNode = {
      name,
      nameBytes: Buffer.from(name, 'utf8'),
      type,
      perm: h.mode & 0o7777,
      uid: h.uid,
      gid: h.gid,
      ...(h.uname ? { user: h.uname } : {}),
      ...(h.gname ? { group: h.gname } : {}),
      mtime: h.mtime,
      devMajor: h.devMajor,
      devMinor: h.devMinor,
      size: type === 'file' ? h.size : 0,
      linkTarget: type === 'symlink' ? h.linkpath : '',
    };
    if (type === 'dir') node.children = new Map();
    place(parts, node);
    if (type !== 'file') return null;
    const hash: Hash = createHash('sha256');
    const keep = opts.keepContent?.('./' + parts.join('/')) ?? false;
    if (keep && h.size > maxKept)
      throw new InspectorError(
        'TOO_LARGE',
        `Filtered file of ${h.size} bytes exceeds the ${maxKept}-byte bound`,
        {
          file,
          offset: h.offset,
          entry: h.path,
        },
      );
    const kept: Buffer[] = [];
    return {
      data(chunk) {
        hash.update(chunk);
        if (keep) kept.push(Buffer.from(chunk));
      },
      end() {
        node.digest = hash.digest('hex');
        if (keep) node.content = Buffer.concat(kept);
      },
    };
  };

  const parser = new TarParser(onEntry, file);
  const compression = await sniff(file);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const decoder: Transform | null = compression === 'gzip' ? createGunzip() : null;
  const stream: AsyncIterable<Buffer> =
    compression === 'zstd'
      ? decodeZstdFrames(input as AsyncIterable<Buffer>, file)
      : decoder
        ? (input.pipe(decoder) as AsyncIterable<Buffer>)
        : (input as AsyncIterable<Buffer>);
  input.on('error', (err) => decoder?.destroy(err));
  let bytesIn = 0;
  let chunks = 0;
  input.on('data', (c: Buffer | string) => (bytesIn += c.length));
  try {
    for await (const chunk of stream) {
      parser.push(chunk);
      if (++chunks % 16 === 0) {
        throwIfCancelled(opts.signal, 'Outhash');
        opts.onProgress?.({ phase: 'archive', done: bytesIn, total: st.size, current: file });
      }
    }
  } catch (err) {
    input.destroy();
    decoder?.destroy();
    if (err instanceof InspectorError) throw err;
    const e = err as NodeJS.ErrnoException;
    const truncated = /unexpected end|truncat/i.test(e.message) || e.code === 'Z_BUF_ERROR';
    throw new InspectorError(
      truncated ? 'TRUNCATED' : 'BAD_FORMAT',
      `${compression === 'none' ? 'Cannot read' : `Cannot decompress (${compression})`}: ${e.message}`,
      { file, offset: bytesIn },
      { cause: err },
    );
  }
  const members = parser.end();
  opts.onProgress?.({ phase: 'archive', done: st.size, total: st.size, current: file });

  for (const hl of hardlinks) {
    const target = lookup(root, hl.target);
    if (!target || target.type !== 'file')
      throw new InspectorError(
        'BAD_FORMAT',
        `Hard link to '${hl.target.join('/')}', which is not an earlier file member`,
        {
          file,
          offset: hl.offset,
          entry: hl.parts.join('/'),
        },
      );
    const name = hl.parts[hl.parts.length - 1] as string;
    place(hl.parts, { ...target, name, nameBytes: Buffer.from(name, 'utf8') });
  }
  return { root, members };
}

function lookup(root: TreeNode, parts: readonly string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const p of parts) node = node?.children?.get(p);
  return node;
}

/**
 * os.walk's is_dir() for a symlink inside an archive: resolved inside the archive's tree; an
 * absolute target is resolved on this host (as the function did on the builder's host); a
 * relative target climbing above the top counts as a directory only when it names that parent
 * itself (spec 7: "links to .. from the top are directories on any machine").
 */
export function archiveResolvesToDir(root: TreeNode): ResolvesToDir {
  return (node, dirParts) => {
    const r = resolve(root, [...dirParts], node.linkTarget, 0);
    if (r.kind === 'tree') return lookup(root, r.parts)?.type === 'dir';
    if (r.kind === 'host') {
      try {
        return statSync(r.path).isDirectory();
      } catch {
        return false;
      }
    }
    return r.kind === 'above';
  };
}

type Resolved =
  { kind: 'tree'; parts: string[] } | { kind: 'host'; path: string } | { kind: 'above' } | { kind: 'none' };

function resolve(root: TreeNode, start: string[], target: string, depth: number): Resolved {
  if (depth > 40) return { kind: 'none' }; // ELOOP
  if (target.startsWith('/')) return { kind: 'host', path: target };
  const parts = start;
  const comps = target.split('/');
  for (let i = 0; i < comps.length; i++) {
    const c = comps[i] as string;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (parts.length === 0) {
        const rest = comps.slice(i + 1).filter((x) => x !== '' && x !== '.');
        return rest.length === 0 ? { kind: 'above' } : { kind: 'none' };
      }
      parts.pop();
      continue;
    }
    const node = lookup(root, [...parts, c]);
    if (!node) return { kind: 'none' };
    if (node.type === 'symlink') {
      const r = resolve(root, [...parts], node.linkTarget, depth + 1);
      if (r.kind !== 'tree') {
        if (r.kind === 'host' && i < comps.length - 1)
          return { kind: 'host', path: `${r.path}/${comps.slice(i + 1).join('/')}` };
        return i === comps.length - 1 ? r : { kind: 'none' };
      }
      parts.splice(0, parts.length, ...r.parts);
      continue;
    }
    if (node.type !== 'dir' && i < comps.length - 1) return { kind: 'none' };
    parts.push(c);
  }
  return { kind: 'tree', parts };
}
