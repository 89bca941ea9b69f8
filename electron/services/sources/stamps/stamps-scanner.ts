/**
 * Walks a `${STAMPS_DIR}` (`tmp/stamps`, `tmp-mc1/stamps`, ...) and yields one StampRecord per stamp, sigdata,
 * sigbasedata and taint file, mapped to arch / PN / version / task (spec local-caches.md §D.3).
 * Layout: `<MULTIMACH_TARGET_SYS>/<PN>/<file>`, plus `work-shared/<name>-<PV>-<PR>.<task>...`.
 * Read-only: only directory listings and lstat; symlinks are never followed.
 */
import { lstatSync } from 'node:fs';
import type { StampRecord } from '../../../../shared/model/sources';
import { throwIfCancelled } from '../../jobs/cancel';
import type { ProgressFn } from '../../../../shared/model/progress';
import { fsErrorToInspector } from '../local-fs/fs-errors';
import { readDirSafe, type WarningFn } from '../local-fs/safe-dir';
import { parseStampName } from './stamp-name';

/** Options of `scanStamps`. */
export interface ScanStampsOptions {
  /** Multiconfig this stamps dir belongs to ('' = default). */
  mc?: string;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Unreadable directories, vanished files, non-stamp files, symlinks, non-UTF-8 names. */
  onWarning?: WarningFn;
}

/** Yields every stamp file under `stampsDir` in path order. */
export function* scanStamps(stampsDir: string, options: ScanStampsOptions = {}): Generator<StampRecord> {
  const { signal, onProgress, onWarning } = options;
  const mc = options.mc ?? '';
  let done = 0;
  for (const archEntry of readDirSafe(stampsDir, onWarning)) {
    throwIfCancelled(signal, 'Scanning stamps');
    if (archEntry.kind !== 'dir') {
      if (archEntry.kind === 'symlink') onWarning?.(symlinkSkipped(archEntry.path));
      continue;
    }
    const arch = archEntry.name;
    for (const pnEntry of readDirSafe(archEntry.path, onWarning)) {
      if (pnEntry.kind === 'file' && arch === 'work-shared') {
        // work-shared/<name>-<PV>-<PR>.do_<task>...: the prefix names the shared work dir.
        const rec = makeRecord(
          pnEntry.path,
          `${arch}/${pnEntry.name}`,
          pnEntry.name,
          mc,
          arch,
          null,
          onWarning,
        );
        if (rec) yield rec;
        continue;
      }
      if (pnEntry.kind !== 'dir') {
        if (pnEntry.kind === 'symlink') onWarning?.(symlinkSkipped(pnEntry.path));
        continue;
      }
      for (const f of readDirSafe(pnEntry.path, onWarning)) {
        if ((done & 255) === 0) {
          throwIfCancelled(signal, 'Scanning stamps');
          onProgress?.({ phase: 'stamps', done, current: pnEntry.path });
        }
        if (f.kind !== 'file') {
          if (f.kind === 'symlink') onWarning?.(symlinkSkipped(f.path));
          continue;
        }
        const rec = makeRecord(
          f.path,
          `${arch}/${pnEntry.name}/${f.name}`,
          f.name,
          mc,
          arch,
          pnEntry.name,
          onWarning,
        );
        if (rec) {
          done++;
          yield rec;
        }
      }
    }
  }
  onProgress?.({ phase: 'stamps', done, total: done });
}

function symlinkSkipped(p: string): { code: 'UNSUPPORTED'; message: string; where: { file: string } } {
  return {
    code: 'UNSUPPORTED',
    message: 'Symbolic link in a stamps directory; not followed.',
    where: { file: p },
  };
}

function makeRecord(
  file: string,
  relPath: string,
  name: string,
  mc: string,
  arch: string,
  pn: string | null,
  onWarning: WarningFn | undefined,
): StampRecord | null {
  const parsed = parseStampName(name);
  if (!parsed) {
    onWarning?.({ code: 'BAD_FORMAT', message: 'Not a stamp file name; skipped.', where: { file } });
    return null;
  }
  let st;
  try {
    st = lstatSync(file);
  } catch (err) {
    // Vanished between listing and stat (BitBake replaced the stamp): report, go on.
    onWarning?.(fsErrorToInspector(err, file).toInfo());
    return null;
  }
  return {
    path: file,
    relPath,
    kind: parsed.kind,
    mc,
    arch,
    pn: pn ?? parsed.version,
    version: pn === null ? '' : parsed.version,
    task: parsed.task,
    hash: parsed.hash,
    extraInfo: parsed.extraInfo,
    mtimeMs: st.mtimeMs,
    size: st.size,
  };
}

/** The key of `bb_unihashes.dat` (version "3") for a stamp: `<mc>:<PN>:<do_task>`. */
export function unihashCacheKeyOf(stamp: Pick<StampRecord, 'mc' | 'pn' | 'task'>): string {
  return `${stamp.mc}:${stamp.pn}:${stamp.task}`;
}
