/**
 * Path completion on the machine that runs the engine: a browser in web mode cannot hand over the
 * path of a dropped folder, so the Start view offers a path field that completes directories here.
 * Read-only (one readdir + a few stats), bounded, hidden entries only when asked for with a dot.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** One completion candidate. */
export interface PathCandidate {
  name: string;
  path: string;
  isDir: boolean;
  isBuild: boolean;
}

/** Most candidates returned: a completion list is for choosing, not for browsing a huge dir. */
export const MAX_COMPLETIONS = 200;

async function isBuildDir(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, 'conf', 'local.conf'))).isFile();
  } catch {
    return false;
  }
}

/**
 * Lists what `prefix` may continue into: for `/a/b/` the entries of /a/b, for `/a/b/fo` the entries
 * of /a/b starting with `fo`. `~` is the home directory. Directories first, build dirs marked.
 * A directory that cannot be read gives no candidates (never an error: the user is still typing).
 */
export async function completePath(
  prefix: string,
): Promise<{ dir: string | null; entries: PathCandidate[] }> {
  const typed = prefix.startsWith('~') ? path.join(homedir(), prefix.slice(1)) : prefix;
  if (!path.isAbsolute(typed)) return { dir: null, entries: [] };
  const endsWithSep = /[/\\]$/.test(typed);
  const dir = endsWithSep ? path.resolve(typed) : path.dirname(path.resolve(typed));
  const start = endsWithSep ? '' : path.basename(typed);
  let names: Dirent[];
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return { dir: null, entries: [] };
  }
  const picked = names
    .filter((d) => d.name.startsWith(start) && (start.startsWith('.') || !d.name.startsWith('.')))
    .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))
    .slice(0, MAX_COMPLETIONS);
  const entries = await Promise.all(
    picked.map(async (d): Promise<PathCandidate> => {
      const full = path.join(dir, d.name);
      let isDir = d.isDirectory();
      if (d.isSymbolicLink())
        isDir = await stat(full).then(
          (s) => s.isDirectory(),
          () => false,
        );
      return { name: d.name, path: full, isDir, isBuild: isDir && (await isBuildDir(full)) };
    }),
  );
  return { dir, entries };
}
