/**
 * Recognises what a single dropped path is, by name first and by its first bytes when the name
 * is not telling (a renamed hashserv.db, an event log with a date name). Reads at most 4 KiB.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { SourceKind } from '../../../../shared/model/sources';

function head(file: string, n = 4096): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The kind of a single file, or null when it is nothing we read. */
export function classifyFile(file: string): SourceKind | null {
  const name = path.basename(file);
  if (name === 'bb_unihashes.dat') return 'unihash-cache';
  if (name === 'bb_persist_data.sqlite3') return 'persist-data';
  if (name === 'hashserv.db') return 'hashserv-db';
  if (/^depsig\.do_[A-Za-z0-9_+-]+(\.\d+)?$/.test(name)) return 'depsig';
  if (/\.(sigdata|sigbasedata)\.[0-9a-f]+$/.test(name) || name.endsWith('.siginfo')) return 'sig-file';
  if (name.startsWith('sstate:') && /\.(tar\.zst|tgz|tar\.gz)$/.test(name)) return 'sstate-archive';
  if (name.endsWith('.conf')) return 'conf';
  const bytes = head(file);
  if (bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') {
    // Tell the two SQLite formats apart by the table names in the schema page's text.
    const text = bytes.toString('latin1');
    if (/unihashes_v[23]|outhashes_v2|tasks_v[12]/.test(text)) return 'hashserv-db';
    return 'persist-data';
  }
  if (name.endsWith('.json')) {
    const start = bytes.toString('utf8');
    if (/^\{\s*"(class|allvariables)"/.test(start)) return 'eventlog';
  }
  return null;
}
