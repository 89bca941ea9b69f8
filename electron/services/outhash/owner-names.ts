/**
 * uid/gid -> name, as getpwuid/getgrgid would answer on this machine (spec 5: names, not ids,
 * are hashed). Node has no getpwuid, so /etc/passwd and /etc/group are read (once, cached).
 */
import { readFileSync } from 'node:fs';
import { InspectorError } from '../../../shared/model/errors';

function readIdFile(file: string): Map<number, string> {
  const map = new Map<number, string>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return map;
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const f = line.split(':');
    const id = Number(f[2]);
    // getpwuid returns the first entry with the id.
    if (f[0] && Number.isInteger(id) && !map.has(id)) map.set(id, f[0]);
  }
  return map;
}

const idFiles = new Map<string, Map<number, string>>();

/** The name of `id` in an /etc/passwd-style file; NOT_FOUND when it has none (as getpwuid fails). */
function nameOf(file: string, what: 'uid' | 'gid', call: string, id: number, where: string): string {
  let map = idFiles.get(file);
  if (!map) idFiles.set(file, (map = readIdFile(file)));
  const n = map.get(id);
  if (n === undefined)
    throw new InspectorError(
      'NOT_FOUND',
      `${what} ${id} has no name in ${file} (BitBake's ${call} fails too)`,
      {
        file: where,
      },
    );
  return n;
}

/** The user name of a uid; NOT_FOUND when it has none (the function fails the same way). */
export function userName(uid: number, where: string): string {
  return nameOf('/etc/passwd', 'uid', 'getpwuid', uid, where);
}

/** The group name of a gid; NOT_FOUND when it has none. */
export function groupName(gid: number, where: string): string {
  return nameOf('/etc/group', 'gid', 'getgrgid', gid, where);
}
