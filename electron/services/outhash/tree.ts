/**
 * The in-memory tree both sources (a directory on disk, an sstate archive) are turned into, and
 * the walk order of spec 4.1 over it. Only metadata lives here (plus digests of archive members,
 * which can only be computed while the archive streams by): memory grows with the number of
 * entries, never with file sizes.
 */
import type { OuthashEntryType } from '../../../shared/model/outhash-lines';
import type { OuthashFeatures } from '../../../shared/model/outhash-format';

/** One entry of a tree. */
export interface TreeNode {
  name: string;
  /** UTF-8 bytes of the name: the function sorts by code point, i.e. bytewise on UTF-8. */
  nameBytes: Buffer;
  type: OuthashEntryType;
  perm: number;
  uid: number;
  gid: number;
  /** Owner names when the source carries them (archives); directories resolve ids instead. */
  user?: string;
  group?: string;
  mtime: number;
  devMajor: number;
  devMinor: number;
  size: number;
  linkTarget: string;
  /** Children of a real directory, by name. */
  children?: Map<string, TreeNode>;
  /** Archive members: digest of the logical content, computed while streaming. */
  digest?: string;
  /** Archive members: raw content kept only for filemap-filtered files (bounded). */
  content?: Buffer;
  /** Directory source: the absolute path on disk. */
  fsPath?: string;
}

/** Decides whether a symlink resolves to a directory (os.walk's is_dir() follows links). */
export type ResolvesToDir = (node: TreeNode, dirParts: readonly string[]) => boolean;

/** An entry to emit, with its path string ('.', './a/b'). */
export interface WalkItem {
  node: TreeNode;
  path: string;
}

function sortedChildren(dir: TreeNode): TreeNode[] {
  return [...(dir.children?.values() ?? [])].sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));
}

/**
 * Yields entries in the order the function emits them (spec 4.1, and F0/F1 differences):
 * the directory itself, its non-directory entries (minus 'fixmepath' files), its symlinked
 * directories, then recursion into its real subdirectories.
 */
export function* walkOrder(
  root: TreeNode,
  f: OuthashFeatures,
  includeRoot: boolean,
  resolvesToDir: ResolvesToDir,
): Generator<WalkItem> {
  const stack: { node: TreeNode; path: string; parts: string[] }[] = [{ node: root, path: '.', parts: [] }];
  while (stack.length > 0) {
    const { node: dir, path, parts } = stack.pop() as (typeof stack)[number];
    const filenames: TreeNode[] = [];
    const dirnames: TreeNode[] = [];
    for (const child of sortedChildren(dir)) {
      const isDir = child.type === 'dir' || (child.type === 'symlink' && resolvesToDir(child, parts));
      (isDir ? dirnames : filenames).push(child);
    }
    if (!f.original2019 && (path !== '.' || includeRoot)) yield { node: dir, path };
    for (const child of filenames) {
      if (!f.original2019 && child.name === 'fixmepath') continue;
      yield { node: child, path: `${path}/${child.name}` };
    }
    if (f.emitSymlinkedDirs) {
      for (const child of dirnames)
        if (child.type === 'symlink') yield { node: child, path: `${path}/${child.name}` };
    }
    const subdirs = dirnames.filter((d) => d.type !== 'symlink');
    for (let i = subdirs.length - 1; i >= 0; i--) {
      const d = subdirs[i] as TreeNode;
      stack.push({ node: d, path: `${path}/${d.name}`, parts: [...parts, d.name] });
    }
  }
}
