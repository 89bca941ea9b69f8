/**
 * OEOuthashBasic, byte-exact, over a directory on disk or an sstate archive, in every format of
 * spec section 9. Every build input is a parameter (OuthashParams).
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import {
  applyFilemap,
  isFiltered,
  parseFilemap,
  type FilemapRule,
} from '../../../shared/model/outhash-filemap';
import { featuresOf, resolveOuthashFormat, type OuthashFormatId } from '../../../shared/model/outhash-format';
import {
  deriveSwitches,
  f0CannotHash,
  formatEntry2019,
  formatEntryLine,
  formatHeader,
  type OuthashEntry,
  type OuthashInputs,
} from '../../../shared/model/outhash-lines';
import type { ProgressFn } from '../../../shared/model/progress';
import { archiveResolvesToDir, readArchiveTree, type RootAttributes } from './archive-source';
import { hostResolvesToDir, readDirectoryTree } from './directory-source';
import { HashPool } from './hash-pool';
import { groupName, userName } from './owner-names';
import { walkOrder, type ResolvesToDir, type TreeNode, type WalkItem } from './tree';

/** Directory source: the hash pool the walk already fed, and each file's index in it. */
interface PendingHashes {
  pool: HashPool;
  index: Map<TreeNode, number>;
}

/** Everything the function takes from the build, plus the format to reproduce. */
export interface OuthashParams extends OuthashInputs {
  /** Format name (see resolveOuthashFormat); default current. */
  format?: string;
  /** SSTATE_HASHEQUIV_FILEMAP value (expanded), null = unset. */
  filemap: string | null;
  /**
   * The `path` argument, deleted from filtered files' contents. For a directory it defaults to
   * the directory's real path; for an archive to nothing (the build's path is not in it).
   */
  basePath?: string | null;
  /** Archives only: attributes of the top directory (default drwxr-xr-x root:root). */
  root?: RootAttributes;
}

/** The outhash and the exact text it hashes. */
export interface OuthashResult {
  outhash: string;
  sigtext: string;
  format: OuthashFormatId;
  /** Number of emitted entries. */
  entries: number;
  /** Notes worth showing (e.g. hashing fell back to the main thread). */
  notes: string[];
}

/** Options of the compute functions. */
export interface ComputeOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Hash workers; 0 hashes in this thread. */
  workers?: number;
}

const MAX_FILTERED_BYTES = 256 << 20;

interface Prepared {
  formatId: OuthashFormatId;
  rules: FilemapRule[];
}

function prepare(params: OuthashParams): Prepared {
  const formatId = resolveOuthashFormat(params.format);
  const f = featuresOf(formatId);
  return { formatId, rules: f.filemap ? parseFilemap(params.filemap, params.task) : [] };
}

function entryOf(item: WalkItem, includeOwners: boolean, where: string): OuthashEntry {
  const n = item.node;
  return {
    path: item.path,
    type: n.type,
    perm: n.perm,
    user: includeOwners ? (n.user ?? userName(n.uid, where)) : '',
    group: includeOwners ? (n.group ?? groupName(n.gid, where)) : '',
    mtime: n.mtime,
    devMajor: n.devMajor,
    devMinor: n.devMinor,
    size: n.size,
    digest: n.digest ?? '',
    linkTarget: n.linkTarget,
    filtered: false,
  };
}

function filteredDigest(content: Buffer, basePath: string | null, rules: FilemapRule[], p: string): string {
  const out = applyFilemap(content.toString('latin1'), basePath, rules, p);
  return createHash('sha256').update(Buffer.from(out, 'latin1')).digest('hex');
}

async function finish(
  root: TreeNode,
  params: OuthashParams,
  prep: Prepared,
  resolvesToDir: ResolvesToDir,
  basePath: string | null,
  source: 'dir' | 'archive',
  where: string,
  opts: ComputeOptions,
  pending?: PendingHashes,
): Promise<OuthashResult> {
  const f = featuresOf(prep.formatId);
  const sw = deriveSwitches(params, f);
  const items = [...walkOrder(root, f, sw.includeRoot, resolvesToDir)];
  const entries = items.map((it) => entryOf(it, sw.includeOwners && !f.original2019, where));
  const notes: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as OuthashEntry;
    const node = (items[i] as WalkItem).node;
    if (f.original2019 && f0CannotHash(e.type))
      throw new InspectorError(
        'UNSUPPORTED',
        `The 2019 format opened ${e.type} entries and read them (a FIFO blocks forever, a socket fails), so no outhash exists`,
        { file: where, entry: e.path },
      );
    if (e.type !== 'file') continue;
    e.filtered = prep.rules.length > 0 && isFiltered(prep.rules, e.path);
    if (e.filtered) {
      let content = node.content;
      if (!content && source === 'dir') {
        if (node.size > MAX_FILTERED_BYTES)
          throw new InspectorError('TOO_LARGE', `Filtered file of ${node.size} bytes exceeds the bound`, {
            file: node.fsPath,
          });
        content = readFileSync(node.fsPath as string);
      }
      e.digest = filteredDigest(content ?? Buffer.alloc(0), basePath, prep.rules, e.path);
    }
  }
  if (pending) {
    const results = await pending.pool.finish({
      ...(opts.signal ? { signal: opts.signal } : {}),
      onDone: (done) => opts.onProgress?.({ phase: 'hash', done, total: pending.index.size }),
    });
    entries.forEach((e, i) => {
      if (e.type !== 'file' || e.filtered) return;
      const node = (items[i] as WalkItem).node;
      const r = results[pending.index.get(node) as number];
      if (!r) throw new InspectorError('INTERNAL', 'A file was not hashed', { file: node.fsPath });
      if ('error' in r) {
        const code =
          r.code === 'EACCES' || r.code === 'EPERM'
            ? 'PERMISSION_DENIED'
            : r.code === 'ENOENT'
              ? 'NOT_FOUND'
              : 'BAD_FORMAT';
        throw new InspectorError(code, `Cannot read file (BitBake fails on it too): ${r.error}`, {
          file: node.fsPath,
        });
      }
      e.digest = r.digest;
    });
  }
  let sigtext = formatHeader(params, f);
  const parts: string[] = [sigtext];
  for (const e of entries) parts.push(f.original2019 ? formatEntry2019(e) : formatEntryLine(e, sw));
  sigtext = parts.join('');
  const outhash = createHash('sha256').update(sigtext, 'utf8').digest('hex');
  return { outhash, sigtext, format: prep.formatId, entries: entries.length, notes };
}

/** OEOuthashBasic over a directory on disk (lstat; links never followed; sorted walk). */
export async function computeOuthashFromDirectory(
  dir: string,
  params: OuthashParams,
  opts: ComputeOptions = {},
): Promise<OuthashResult> {
  const prep = prepare(params);
  const f = featuresOf(prep.formatId);
  const sw = deriveSwitches(params, f);
  const notes: string[] = [];
  // Files are handed to the hash workers as the walk finds them, so hashing overlaps the walk.
  const pool = new HashPool({
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    onFallback: (reason) => notes.push(reason),
  });
  const index = new Map<TreeNode, number>();
  try {
    const root = readDirectoryTree(path.resolve(dir), {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      exactTimes: sw.includeTimestamps,
      onRegularFile: (node, rel) => {
        if (prep.rules.length > 0 && isFiltered(prep.rules, rel)) return;
        if (!f.original2019 && node.name === 'fixmepath') return;
        index.set(node, pool.add(node.fsPath as string, node.size));
      },
    });
    let basePath = params.basePath;
    if (basePath === undefined) basePath = realpathSync(dir);
    const r = await finish(root, params, prep, hostResolvesToDir, basePath, 'dir', dir, opts, {
      pool,
      index,
    });
    return { ...r, notes: [...notes, ...r.notes] };
  } finally {
    pool.terminate();
  }
}

/** OEOuthashBasic over an sstate archive, streamed (nothing is extracted). */
export async function computeOuthashFromArchive(
  file: string,
  params: OuthashParams,
  opts: ComputeOptions = {},
): Promise<OuthashResult> {
  const prep = prepare(params);
  const { root } = await readArchiveTree(file, {
    ...(params.root ? { root: params.root } : {}),
    keepContent: (p) => prep.rules.length > 0 && isFiltered(prep.rules, p),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return finish(
    root,
    params,
    prep,
    archiveResolvesToDir(root),
    params.basePath ?? null,
    'archive',
    file,
    opts,
  );
}

/** Directory or archive, by what `target` is. */
export async function computeOuthash(
  target: string,
  params: OuthashParams,
  opts: ComputeOptions = {},
): Promise<OuthashResult> {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new InspectorError('NOT_FOUND', 'No such file or directory', { file: path.resolve(target) });
  }
  return isDir
    ? computeOuthashFromDirectory(target, params, opts)
    : computeOuthashFromArchive(target, params, opts);
}
