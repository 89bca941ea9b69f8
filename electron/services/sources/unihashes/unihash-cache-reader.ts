/**
 * Reader of `bb_unihashes.dat` (spec local-caches.md §B): a pickle `[data, version]` read with the
 * data-only pickle reader (no code ever runs). Version "3": `<mc>:<PN>:<do_task>` ->
 * `(taskhash, unihash)`; version "1" (BitBake 1.44.0/1.44.1): `<tid>:<taskhash>` -> unihash.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ErrorInfo } from '../../../../shared/model/errors';
import { InspectorError } from '../../../../shared/model/errors';
import type { UnihashCacheEntry, UnihashCacheFile } from '../../../../shared/model/sources';
import { fsErrorToInspector } from '../local-fs/fs-errors';
import { readPickle } from '../pickle/pickle-reader';
import type { PickleValue } from '../pickle/pickle-value';

/** Largest bb_unihashes.dat we read (100k entries take ~15 MB). */
export const MAX_UNIHASH_CACHE_BYTES = 512 * 1024 * 1024;

const RETRY_HINT =
  'BitBake rewrites bb_unihashes.dat in place (not atomically) when a build ends: if a build is finishing, wait for it and retry.';

/** Options of the reader. */
export interface ReadUnihashCacheOptions {
  maxBytes?: number;
  /** Entries with an unexpected key or value shape are skipped and reported here. */
  onBadEntry?: (error: ErrorInfo) => void;
}

/** Reads and decodes a bb_unihashes.dat file. Throws InspectorError. */
export function readUnihashCache(file: string, options: ReadUnihashCacheOptions = {}): UnihashCacheFile {
  const max = options.maxBytes ?? MAX_UNIHASH_CACHE_BYTES;
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw fsErrorToInspector(err, file);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InspectorError('NOT_A_FILE', 'Expected the bb_unihashes.dat file.', { file });
    if (st.size > max) {
      throw new InspectorError('TOO_LARGE', `bb_unihashes.dat is ${st.size} bytes, more than ${max}.`, {
        file,
      });
    }
    bytes = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break; // shrank while we read: the pickle reader will report it truncated
      off += n;
    }
    bytes = bytes.subarray(0, off);
  } catch (err) {
    throw fsErrorToInspector(err, file);
  } finally {
    closeSync(fd);
  }
  return parseUnihashCache(bytes, file, options);
}

/** Decodes the bytes of a bb_unihashes.dat. `file` names it in errors. */
export function parseUnihashCache(
  bytes: Uint8Array,
  file: string,
  options: ReadUnihashCacheOptions = {},
): UnihashCacheFile {
  if (bytes.length === 0) {
    throw new InspectorError('TRUNCATED', `bb_unihashes.dat is empty. ${RETRY_HINT}`, { file, offset: 0 });
  }
  let top: PickleValue;
  try {
    top = readPickle(bytes, { file, mode: 'data' });
  } catch (err) {
    if (err instanceof InspectorError && err.code === 'TRUNCATED') {
      throw new InspectorError('TRUNCATED', `${err.message}. ${RETRY_HINT}`, err.where, { cause: err });
    }
    throw err;
  }
  if (!Array.isArray(top) || top.length !== 2) {
    throw new InspectorError('BAD_FORMAT', 'bb_unihashes.dat must hold a list [data, version].', {
      file,
      entry: 'top level',
    });
  }
  const [data, version] = top;
  if (typeof version !== 'string') {
    throw new InspectorError('BAD_FORMAT', 'The version (second list item) is not a string.', {
      file,
      entry: 'version',
    });
  }
  if (version !== '3' && version !== '1') {
    throw new InspectorError(
      'UNSUPPORTED',
      `bb_unihashes.dat version "${version}" is not one we read ("3": BitBake >= 1.44.2, "1": 1.44.0/1.44.1); BitBake itself discards such a file.`,
      { file, entry: 'version' },
    );
  }
  if (typeof data !== 'object' || data === null || !('$type' in data) || data.$type !== 'dict') {
    throw new InspectorError('BAD_FORMAT', 'The data (first list item) is not a dict.', {
      file,
      entry: 'data',
    });
  }
  const entries: UnihashCacheEntry[] = [];
  const bad = (key: string, message: string): void =>
    options.onBadEntry?.({ code: 'BAD_FORMAT', message, where: { file, entry: key } });
  for (const [k, v] of data.entries) {
    if (typeof k !== 'string') {
      bad(String(k), 'Key is not a string.');
      continue;
    }
    const entry = version === '3' ? entryV3(k, v) : entryV1(k, v);
    if (typeof entry === 'string') bad(k, entry);
    else entries.push(entry);
  }
  return { version, entries };
}

/** `<mc>:<PN>:<do_task>` -> (taskhash, unihash); returns an error message when malformed. */
function entryV3(key: string, v: PickleValue): UnihashCacheEntry | string {
  const parts = key.split(':');
  if (parts.length !== 3 || !parts[2]?.startsWith('do_') || parts[1] === '') {
    return 'Key is not <mc>:<PN>:<do_task>.';
  }
  if (typeof v !== 'object' || v === null || !('$type' in v) || v.$type !== 'tuple' || v.items.length !== 2) {
    return 'Value is not a (taskhash, unihash) tuple.';
  }
  const [taskhash, unihash] = v.items;
  if (typeof taskhash !== 'string' || typeof unihash !== 'string') return 'Tuple items are not strings.';
  return { key, mc: parts[0] ?? '', pn: parts[1] ?? '', task: parts[2] ?? '', taskhash, unihash };
}

/** `[mc:<mc>:][virtual:<cls>:]<file>:<do_task>:<taskhash>` -> unihash. */
function entryV1(key: string, v: PickleValue): UnihashCacheEntry | string {
  if (typeof v !== 'string') return 'Value is not a unihash string.';
  const lastColon = key.lastIndexOf(':');
  const taskColon = key.lastIndexOf(':', lastColon - 1);
  if (lastColon < 0 || taskColon <= 0) return 'Key is not <tid>:<taskhash>.';
  const taskhash = key.slice(lastColon + 1);
  const task = key.slice(taskColon + 1, lastColon);
  let recipeFile = key.slice(0, taskColon);
  if (!task.startsWith('do_') || taskhash === '') return 'Key is not <recipe file>:<do_task>:<taskhash>.';
  let mc = '';
  const m = /^(?:mc|multiconfig):([^:]*):/.exec(recipeFile);
  if (m) {
    mc = m[1] ?? '';
    recipeFile = recipeFile.slice(m[0].length);
  }
  return { key, mc, pn: null, recipeFile, task, taskhash, unihash: v };
}

/** Entries whose unihash differs from their taskhash: the server mapped them to an older output. */
export function remappedEntries(file: UnihashCacheFile): UnihashCacheEntry[] {
  return file.entries.filter((e) => e.taskhash !== e.unihash);
}
