import path from 'node:path';

/** The parts of node:path these helpers use; tests pass path.win32 to play Windows on Linux. */
export type PathApi = Pick<typeof path, 'dirname' | 'resolve' | 'join' | 'parse' | 'sep'>;

/**
 * The share root of a path reached through WSL from Windows — `\\wsl$\<distro>\` or
 * `\\wsl.localhost\<distro>\` (any case, either slash) — or null for any other path. A build
 * directory is usually reached that way on Windows because NTFS forbids the `:` of sstate names.
 */
export function wslShareRoot(p: string, pathApi: PathApi = path): string | null {
  if (pathApi.sep !== '\\') return null;
  const m = /^[\\/]{2}(wsl\$|wsl\.localhost)[\\/]([^\\/]+)(?:[\\/]|$)/i.exec(p);
  return m ? `\\\\${m[1]}\\${m[2]}\\` : null;
}

/**
 * Resolves a directory named in the build's configuration (TMPDIR, SSTATE_DIR, SSTATE_MIRRORS'
 * file:// paths, …). Those are Linux paths: when the build is reached through WSL, an absolute
 * Linux path (`/srv/sstate`) lives on the same distro, under the share root — path.resolve alone
 * would put it on the current Windows drive (C:\srv\sstate).
 */
export function resolveConfPath(value: string, topdir: string, pathApi: PathApi = path): string {
  const share = wslShareRoot(topdir, pathApi);
  if (share && value.startsWith('/') && !value.startsWith('//'))
    return pathApi.resolve(share, value.replace(/^\/+/, ''));
  return pathApi.resolve(value);
}

/**
 * `start` and its ancestors, nearest first, at most `maxUp` levels up. Stops at the file system
 * root — for a UNC path the share root (`\\wsl$\Ubuntu\`), whose dirname is itself — so it never
 * loops and never climbs to the server (`\\wsl$`), which is not a directory.
 */
export function ancestorDirs(start: string, maxUp: number, pathApi: PathApi = path): string[] {
  const chain: string[] = [];
  let dir = start;
  for (let i = 0; i <= maxUp; i++) {
    chain.push(dir);
    const parent = pathApi.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return chain;
}
