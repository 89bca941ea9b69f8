import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether to open the bundled demo build at launch: when asked (`--demo`, what `npm start` passes),
 * or on a first run — no path given and nothing opened before — so a new user sees a real build.
 */
export function shouldOpenDemo(
  argv: readonly string[],
  argvPaths: readonly string[],
  recentCount: number,
): boolean {
  if (argvPaths.length > 0) return false;
  return argv.includes('--demo') || recentCount === 0;
}

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
