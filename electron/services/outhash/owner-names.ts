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

let users: Map<number, string> | undefined;
let groups: Map<number, string> | undefined;

/** The user name of a uid; NOT_FOUND when it has none (the function fails the same way). */
export function userName(uid: number, where: string): string {
  users ??= readIdFile('/etc/passwd');
  const n = users.get(uid);
  if (n === undefined)
    throw new InspectorError(
      'NOT_FOUND',
      `uid ${uid} has no name in /etc/passwd (BitBake's getpwuid fails too)`,
      {
        file: where,
      },
    );
  return n;
}

/** The group name of a gid; NOT_FOUND when it has none. */
export function groupName(gid: number, where: string): string {
  groups ??= readIdFile('/etc/group');
  const n = groups.get(gid);
  if (n === undefined)
    throw new InspectorError(
      'NOT_FOUND',
      `gid ${gid} has no name in /etc/group (BitBake's getgrgid fails too)`,
      {
        file: where,
      },
    );
  return n;
}
