/**
 * Finds the `depsig.do_<task>` files of a TMPDIR's work dirs (spec sstate-and-siginfo.md §7):
 * `${TMPDIR}/work/<arch>/<PN>/<version>/temp/depsig.do_<task>` is a relative symlink to
 * `depsig.do_<task>.<pid>` (older pid files stay beside it). Copies of build dirs made without
 * symlink support (git, some archivers) turn the link into a small text file holding the target
 * name; both are understood. Links are resolved only to a sibling name, never followed elsewhere.
 * The listing text itself is read lazily (`readDepsigText`) and parsed by the outhash engine.
 */
import { closeSync, fstatSync, lstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../../../shared/model/errors';
import type { DepsigRecord } from '../../../../shared/model/sources';
import { throwIfCancelled } from '../../jobs/cancel';
import { fsErrorToInspector } from '../local-fs/fs-errors';
import { readDirSafe, type DirEntryInfo, type WarningFn } from '../local-fs/safe-dir';

/** Options of `scanDepsigs`. */
export interface ScanDepsigsOptions {
  mc?: string;
  signal?: AbortSignal;
  onWarning?: WarningFn;
}

const LINK_NAME = /^depsig\.(do_[A-Za-z0-9_+-]+)$/;
const PID_NAME = /^depsig\.(do_[A-Za-z0-9_+-]+)\.(\d+)$/;
/** A link stored as text is tiny: `depsig.do_<task>.<pid>` plus maybe a newline. */
const MAX_TEXT_LINK = 256;
/** Bound for one listing (a do_package listing of a big recipe is a few MiB). */
export const MAX_DEPSIG_BYTES = 256 * 1024 * 1024;

/** Yields one record per task that has depsig files, for every work dir under `${TMPDIR}/work`. */
export function* scanDepsigs(workDir: string, options: ScanDepsigsOptions = {}): Generator<DepsigRecord> {
  const { signal, onWarning } = options;
  const mc = options.mc ?? '';
  for (const arch of dirsOf(workDir, onWarning)) {
    throwIfCancelled(signal, 'Scanning depsig files');
    for (const pn of dirsOf(arch.path, onWarning)) {
      for (const version of dirsOf(pn.path, onWarning)) {
        const temp = readDirSafe(version.path, onWarning).find((e) => e.name === 'temp' && e.kind === 'dir');
        if (!temp) continue;
        yield* depsigsInTemp(
          temp.path,
          { mc, arch: arch.name, pn: pn.name, version: version.name },
          onWarning,
        );
      }
    }
  }
}

function dirsOf(dir: string, onWarning?: WarningFn): DirEntryInfo[] {
  return readDirSafe(dir, onWarning).filter((e) => e.kind === 'dir');
}

interface Owner {
  mc: string;
  arch: string;
  pn: string;
  version: string;
}

/** The depsig records of one `temp/` directory. */
export function* depsigsInTemp(
  tempDir: string,
  owner: Owner,
  onWarning?: WarningFn,
): Generator<DepsigRecord> {
  const entries = readDirSafe(tempDir, onWarning);
  const pidFiles = new Map<string, Array<{ name: string; pid: number }>>();
  const links = new Map<string, DirEntryInfo>();
  for (const e of entries) {
    const pidMatch = PID_NAME.exec(e.name);
    if (pidMatch && e.kind === 'file') {
      const task = pidMatch[1] ?? '';
      const list = pidFiles.get(task) ?? [];
      list.push({ name: e.name, pid: Number(pidMatch[2]) });
      pidFiles.set(task, list);
      continue;
    }
    const linkMatch = LINK_NAME.exec(e.name);
    if (linkMatch && (e.kind === 'file' || e.kind === 'symlink')) links.set(linkMatch[1] ?? '', e);
  }
  const tasks = new Set([...links.keys(), ...pidFiles.keys()]);
  for (const task of [...tasks].sort()) {
    const pids = (pidFiles.get(task) ?? []).sort((a, b) => a.pid - b.pid);
    const link = links.get(task);
    let resolved: { target: string; how: DepsigRecord['link'] } | null;
    try {
      resolved = link ? resolveLink(link, tempDir) : null;
    } catch (err) {
      onWarning?.(fsErrorToInspector(err, link?.path ?? tempDir).toInfo());
      continue;
    }
    let targetName: string;
    let how: DepsigRecord['link'];
    if (resolved) {
      targetName = path.basename(resolved.target);
      how = resolved.how;
    } else if (pids.length > 0) {
      // No link: the newest pid file is the last report (pids are not monotonic, so use mtime).
      targetName = newestByMtime(
        tempDir,
        pids.map((p) => p.name),
      );
      how = 'none';
    } else {
      continue;
    }
    const target = path.join(tempDir, targetName);
    let size: number;
    try {
      size = lstatSync(target).size;
    } catch (err) {
      onWarning?.(fsErrorToInspector(err, target).toInfo());
      continue;
    }
    const pidMatch = PID_NAME.exec(targetName);
    yield {
      path: link?.path ?? target,
      target,
      pid: pidMatch ? Number(pidMatch[2]) : null,
      task,
      ...owner,
      link: how,
      size,
      olderTargets: pids.filter((p) => p.name !== targetName).map((p) => path.join(tempDir, p.name)),
    };
  }
}

function newestByMtime(dir: string, names: string[]): string {
  let best = names[0] ?? '';
  let bestTime = -Infinity;
  for (const n of names) {
    try {
      const t = lstatSync(path.join(dir, n)).mtimeMs;
      if (t > bestTime) {
        bestTime = t;
        best = n;
      }
    } catch {
      // vanished: ignore
    }
  }
  return best;
}

/**
 * Resolves `depsig.do_<task>` to its sibling target. A symlink must point at a plain sibling
 * name; a regular file is either a stored link (tiny, holds the name) or the listing itself.
 */
function resolveLink(link: DirEntryInfo, tempDir: string): { target: string; how: DepsigRecord['link'] } {
  if (link.kind === 'symlink') {
    const to = readlinkSync(link.path);
    if (to.includes('/') || !PID_NAME.test(to)) {
      throw new InspectorError(
        'UNSAFE_CONTENT',
        `depsig link points outside its directory or at an unexpected name (${to}); not followed.`,
        { file: link.path },
      );
    }
    return { target: path.join(tempDir, to), how: 'symlink' };
  }
  const st = lstatSync(link.path);
  if (st.size <= MAX_TEXT_LINK) {
    const text = readBounded(link.path, MAX_TEXT_LINK).toString('utf8').trim();
    if (PID_NAME.test(text)) return { target: path.join(tempDir, text), how: 'text' };
  }
  return { target: link.path, how: 'none' };
}

function readBounded(file: string, max: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > max) {
      throw new InspectorError('TOO_LARGE', `File is ${size} bytes, more than the ${max} allowed here.`, {
        file,
      });
    }
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break; // shrank while reading
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the listing text a DepsigRecord points at (bounded by `maxBytes`). The text is exactly
 * what BitBake hashed into the outhash (sha256(text) == outhash) and what the server stores as
 * `outhash_siginfo`. Throws InspectorError (NOT_FOUND if BitBake replaced it meanwhile).
 */
export function readDepsigText(record: Pick<DepsigRecord, 'target'>, maxBytes = MAX_DEPSIG_BYTES): string {
  try {
    const buf = readBounded(record.target, maxBytes);
    const text = buf.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(buf)) {
      throw new InspectorError('BAD_FORMAT', 'depsig file is not valid UTF-8.', { file: record.target });
    }
    return text;
  } catch (err) {
    throw fsErrorToInspector(err, record.target);
  }
}
