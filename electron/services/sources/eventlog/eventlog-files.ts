import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { InspectorError } from '../../../../shared/model/errors';

/**
 * Finds the BitBake event logs under `target` (spec eventlog.md §1): `target` itself when it is
 * a file; `<target>/log/eventlog/*.json` when it is a TMPDIR; `<target>/bitbake_eventlog_*.json`
 * (`bitbake -w ''`) and `<target>/tmp*\/log/eventlog/*.json` when it is a build directory. Sorted by path (the names are UTC time stamps, so this is
 * chronological within one TMPDIR). Read-only: only lists directories.
 */
export async function findEventLogs(target: string): Promise<string[]> {
  const st = await statOrThrow(target);
  if (st.isFile()) return [target];
  if (!st.isDirectory())
    throw new InspectorError('NOT_A_FILE', `${target} is neither a file nor a directory`, { file: target });
  const own = await listEventLogDir(path.join(target, 'log', 'eventlog'));
  if (own.length > 0) return own;
  const found: string[] = [];
  // `bitbake -w ''` writes bitbake_eventlog_<local time>.json into the cwd, usually the build dir.
  for (const name of (await readdir(target)).sort(cmp)) {
    if (/^bitbake_eventlog_.*\.json$/.test(name)) found.push(path.join(target, name));
  }
  for (const entry of (await readdir(target, { withFileTypes: true })).sort((a, b) => cmp(a.name, b.name))) {
    if (!entry.isDirectory() || !entry.name.startsWith('tmp')) continue;
    found.push(...(await listEventLogDir(path.join(target, entry.name, 'log', 'eventlog'))));
  }
  if (found.length === 0) {
    throw new InspectorError(
      'NOT_FOUND',
      `No event log under ${target}: expected tmp*/log/eventlog/*.json (BB_DEFAULT_EVENTLOG, BitBake >= 2.8) or a file written by bitbake -w`,
      { file: target },
    );
  }
  return found;
}

async function listEventLogDir(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort(cmp)
    .map((n) => path.join(dir, n));
}

async function statOrThrow(p: string): Promise<Stats> {
  try {
    return await stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new InspectorError('NOT_FOUND', `No such file or directory: ${p}`, { file: p });
    if (code === 'EACCES' || code === 'EPERM')
      throw new InspectorError('PERMISSION_DENIED', `Cannot read ${p}`, { file: p });
    throw new InspectorError('INTERNAL', `Cannot stat ${p}: ${(e as Error).message}`, { file: p });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
