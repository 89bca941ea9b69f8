import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The paths given on a command line (first launch, or a second instance's argv): everything
 * after the executable (and the app path in development) that is not a switch, resolved against
 * the caller's cwd, keeping only paths that exist (Chromium adds its own switches and junk).
 */
export function pathsFromArgv(
  argv: readonly string[],
  cwd: string,
  isDefaultApp: boolean,
  exists = existsSync,
): string[] {
  const args = argv.slice(isDefaultApp ? 2 : 1);
  const out: string[] = [];
  for (const a of args) {
    if (a === '' || a.startsWith('-')) continue;
    const p = path.resolve(cwd, a);
    if (exists(p) && !out.includes(p)) out.push(p);
  }
  return out;
}
