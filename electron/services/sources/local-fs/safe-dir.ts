/**
 * Directory listing for scanners of the user's build directory: never follows symlinks (it reports
 * them as such), turns vanished/unreadable directories and non-UTF-8 names into warnings instead
 * of exceptions, so one odd entry never stops a scan and a symlink loop can never hang it.
 */
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ErrorInfo } from '../../../../shared/model/errors';
import { fsErrorToInspector } from './fs-errors';

/** What an entry is, from the directory itself (lstat semantics: a symlink is 'symlink'). */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

/** One usable entry of a directory. */
export interface DirEntryInfo {
  name: string;
  path: string;
  kind: EntryKind;
}

/** Receives problems that do not stop a scan. */
export type WarningFn = (warning: ErrorInfo) => void;

function kindOf(d: Dirent<Buffer> | Dirent): EntryKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  return 'other';
}

/**
 * Lists `dir` sorted by name. Unreadable or vanished directories yield [] and a warning; names
 * that are not valid UTF-8 are skipped with a BAD_FORMAT warning (BitBake never writes such
 * names, and a lossy decoding could not be opened again anyway).
 */
export function readDirSafe(dir: string, onWarning?: WarningFn): DirEntryInfo[] {
  let entries: Array<Dirent<Buffer>>;
  try {
    entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    onWarning?.(fsErrorToInspector(err, dir).toInfo());
    return [];
  }
  const out: DirEntryInfo[] = [];
  for (const d of entries) {
    const raw = d.name;
    const name = raw.toString('utf8');
    if (!Buffer.from(name, 'utf8').equals(raw)) {
      onWarning?.({
        code: 'BAD_FORMAT',
        message: `File name is not valid UTF-8 (bytes ${raw.toString('hex')}); skipped.`,
        where: { file: path.join(dir, raw.toString('latin1')) },
      });
      continue;
    }
    out.push({ name, path: path.join(dir, name), kind: kindOf(d) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
