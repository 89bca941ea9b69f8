import path from 'node:path';
import { InspectorError } from '../../../../shared/model/errors';
import type { ProgressFn } from '../../../../shared/model/progress';
import { parseSstateName, splitSstateExtension, type SstateName } from '../../../../shared/model/sstate-name';
import { throwIfCancelled } from '../../jobs/cancel';
import {
  chooseScanFs,
  describeFsError,
  escapeRawName,
  isValidUtf8,
  nodeScanFs,
  syncScanFs,
  type ScanFs,
} from './scan-fs';
import type { SstateFile, SstateLayout, SstateObject, SstateScan, SstateScanProblem } from './sstate-types';

/** Options of {@link scanSstateDir}. */
export interface ScanSstateOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /**
   * Directories read at the same time in 'async' mode (each then stats its files in parallel).
   * Default 4: more only adds queueing on a local disk; network file systems gain from 16+.
   */
  concurrency?: number;
  /**
   * 'auto' (default): direct system calls on local file systems, the thread pool (many calls in
   * flight) on network ones. 'sync' / 'async' force one.
   */
  io?: 'auto' | 'sync' | 'async';
  /** Substitute file system (tests); implies 'async' scheduling. */
  fs?: ScanFs;
}

/** Files of one directory stat'ed at once; bounds in-flight calls for flat (one-directory) caches. */
const STAT_BATCH = 64;
/** Minimum time between progress events. */
const PROGRESS_INTERVAL_MS = 100;
/** Separator for joining: cheaper than path.join on 200k names, and the root is already resolved. */
const SEP = path.sep;
/** Longest stretch of direct system calls before the scan yields to the event loop. */
const SLICE_MS = 10;

interface Candidate {
  name: string;
  parsed: SstateName;
}

/**
 * Scans an sstate-cache directory (SSTATE_DIR or a mirror copy) recursively and groups its files
 * into objects. Objects are identified by name, not depth, so the flat, one-level (2012–2019) and
 * two-level (dunfell+) layouts and native extra paths (`universal/`, `ubuntu-22.04/`) all work.
 *
 * Read-only; never follows directory symlinks (no loops). Unreadable or vanishing entries and
 * non-UTF-8 names become `problems`; only an unusable root throws.
 */
export async function scanSstateDir(root: string, opts: ScanSstateOptions = {}): Promise<SstateScan> {
  const absRoot = path.resolve(root);
  await checkRoot(opts.fs ?? nodeScanFs, absRoot);
  const { fs, mode } = await pickFs(absRoot, opts);

  const problems: SstateScanProblem[] = [];
  const groups = new Map<string, SstateObject>();
  let filesSeen = 0;
  let ignoredFiles = 0;
  let directories = 0;
  let lastProgress = 0;
  let progressed = false;

  const report = (current: string, force = false): void => {
    if (!opts.onProgress) return;
    const now = Date.now();
    if (!force && progressed && now - lastProgress < PROGRESS_INTERVAL_MS) return;
    progressed = true;
    lastProgress = now;
    opts.onProgress({ phase: 'scan', done: filesSeen, current });
  };

  const problem = (rel: string, err: unknown, what: string): void => {
    const { code, reason } = describeFsError(err);
    problems.push({ path: rel, code, message: `${what} ${reason}` });
  };

  const addFile = (dir: string, c: Candidate, size: number, mtimeMs: number): void => {
    const p = c.parsed;
    const relPath = dir ? `${dir}/${c.name}` : c.name;
    const key = `${dir}/${p.pn}:${p.unihash}_${p.task}.${p.compression}`;
    let obj = groups.get(key);
    if (!obj) {
      const { layout, extraPath } = classifyDir(dir, p.unihash);
      obj = { key, dir, extraPath, layout, name: p, compression: p.compression };
      groups.set(key, obj);
    }
    const file: SstateFile = { relPath, size, mtimeMs };
    if (obj[p.kind]) {
      problems.push({
        path: relPath,
        code: 'BAD_FORMAT',
        message: `second ${p.kind} file for the same object (kept ${obj[p.kind]!.relPath})`,
      });
      return;
    }
    obj[p.kind] = file;
    // The archive's name is the reference; a companion's name only stands in until it is seen.
    if (p.kind === 'archive' || (p.kind === 'siginfo' && !obj.archive)) obj.name = p;
  };

  let sliceStart = Date.now();
  const scanDir = async (dir: string, queue: string[]): Promise<void> => {
    // With direct system calls every await resolves at once: give timers, I/O and abort
    // handlers their turn regularly.
    if (mode === 'sync' && Date.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
    throwIfCancelled(opts.signal, 'sstate scan');
    const abs = dir ? absRoot + SEP + dir : absRoot;
    let entries;
    try {
      entries = fs.readdir(abs);
      if (entries instanceof Promise) entries = await entries;
    } catch (err) {
      problem(dir || '.', err, 'directory');
      return;
    }
    directories++;
    const candidates: Candidate[] = [];
    const unknownType: Array<{ name: string; symlink: boolean }> = [];
    let sawBadName = false;
    for (const e of entries) {
      const name = e.name;
      if (name.includes('\uFFFD')) {
        sawBadName = true;
        continue;
      }
      if (e.isDirectory()) {
        queue.push(dir ? `${dir}/${name}` : name);
      } else if (e.isFile()) {
        filesSeen++;
        const parsed = parseSstateName(name);
        if (parsed.ok) candidates.push({ name, parsed: parsed.value });
        else {
          ignoredFiles++;
          // A name with an sstate extension that does not parse is worth reporting; temporary
          // names (random suffix, no extension) are expected and skipped silently.
          if (name.startsWith('sstate:') && splitSstateExtension(name)) {
            problems.push({
              path: rel(dir, name),
              code: 'BAD_FORMAT',
              message: `not an sstate name: ${parsed.reason}`,
            });
          }
        }
      } else if (e.isSymbolicLink() || isUnknownType(e)) {
        unknownType.push({ name, symlink: e.isSymbolicLink() });
      }
    }
    if (sawBadName) await reportBadNames(fs, abs, dir, problems);

    // Symlinks and file systems without d_type: stat tells us what they are. Directory symlinks
    // are not followed (a mirror may link back into itself).
    for (const { name, symlink } of unknownType) {
      try {
        const st = await fs.stat(abs + SEP + name);
        if (st.isDirectory()) {
          if (!symlink) queue.push(dir ? `${dir}/${name}` : name);
          continue;
        }
        if (!st.isFile()) continue;
        filesSeen++;
        const parsed = parseSstateName(name);
        if (parsed.ok) addFile(dir, { name, parsed: parsed.value }, st.size, st.mtimeMs);
        else ignoredFiles++;
      } catch (err) {
        problem(rel(dir, name), err, 'entry');
      }
    }

    if (mode === 'sync') {
      // Direct calls: no promise per file (this loop is most of a local scan's time).
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i]!;
        // A flat mirror may hold 100k files in one directory: keep yielding inside it too.
        if ((i & 255) === 255 && Date.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
          throwIfCancelled(opts.signal, 'sstate scan');
        }
        let st;
        try {
          st = fs.stat(abs + SEP + c.name);
          if (st instanceof Promise) st = await st;
        } catch (err) {
          problem(rel(dir, c.name), err, 'file');
          continue;
        }
        addFile(dir, c, st.size, st.mtimeMs);
      }
    } else {
      for (let i = 0; i < candidates.length; i += STAT_BATCH) {
        throwIfCancelled(opts.signal, 'sstate scan');
        const batch = candidates.slice(i, i + STAT_BATCH);
        const stats = await Promise.allSettled(batch.map(async (c) => fs.stat(abs + SEP + c.name)));
        stats.forEach((s, j) => {
          const c = batch[j]!;
          if (s.status === 'fulfilled') addFile(dir, c, s.value.size, s.value.mtimeMs);
          else problem(rel(dir, c.name), s.reason, 'file');
        });
      }
    }
    report(dir || '.');
  };

  await runPool(scanDir, mode === 'sync' ? 1 : (opts.concurrency ?? 4), opts.signal);
  report('.', true);

  const objects = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: absRoot, objects, problems, filesSeen, ignoredFiles, directories };
}

async function pickFs(
  absRoot: string,
  opts: ScanSstateOptions,
): Promise<{ fs: ScanFs; mode: 'sync' | 'async' }> {
  if (opts.fs) return { fs: opts.fs, mode: 'async' };
  if (opts.io === 'sync') return { fs: syncScanFs, mode: 'sync' };
  if (opts.io === 'async') return { fs: nodeScanFs, mode: 'async' };
  return chooseScanFs(absRoot);
}

function rel(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function isUnknownType(e: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): boolean {
  return !e.isFile() && !e.isDirectory() && !e.isSymbolicLink() && !isSpecial(e);
}

function isSpecial(e: object): boolean {
  const d = e as {
    isFIFO?(): boolean;
    isSocket?(): boolean;
    isCharacterDevice?(): boolean;
    isBlockDevice?(): boolean;
  };
  return !!(d.isFIFO?.() || d.isSocket?.() || d.isCharacterDevice?.() || d.isBlockDevice?.());
}

async function checkRoot(fs: ScanFs, absRoot: string): Promise<void> {
  let st;
  try {
    st = await fs.stat(absRoot);
  } catch (err) {
    const { code, reason } = describeFsError(err);
    const why = code === 'NOT_FOUND' ? 'does not exist' : reason;
    throw new InspectorError(code, `sstate directory ${why}`, { file: absRoot });
  }
  if (!st.isDirectory())
    throw new InspectorError('NOT_A_FILE', 'expected an sstate directory, got a file', { file: absRoot });
}

async function reportBadNames(
  fs: ScanFs,
  abs: string,
  dir: string,
  problems: SstateScanProblem[],
): Promise<void> {
  let raw: Buffer[];
  try {
    raw = await fs.readdirRaw(abs);
  } catch {
    problems.push({
      path: dir || '.',
      code: 'BAD_FORMAT',
      message: 'holds a file name that is not valid UTF-8; skipped',
    });
    return;
  }
  for (const r of raw) {
    if (isValidUtf8(r)) continue;
    problems.push({
      path: rel(dir, escapeRawName(r)),
      code: 'BAD_FORMAT',
      message: 'file name is not valid UTF-8; skipped',
    });
  }
}

/**
 * Where an object's directory sits relative to its hash: `<extra>/<H0H1>/<H2H3>` (two-level),
 * `<extra>/<H0H1>` (one-level) or directly in `<extra>` (flat).
 */
export function classifyDir(dir: string, hash: string): { layout: SstateLayout; extraPath: string } {
  const segs = dir ? dir.split('/') : [];
  const n = segs.length;
  if (n >= 2 && segs[n - 2] === hash.slice(0, 2) && segs[n - 1] === hash.slice(2, 4)) {
    return { layout: 'two-level', extraPath: segs.slice(0, n - 2).join('/') };
  }
  if (n >= 1 && segs[n - 1] === hash.slice(0, 2)) {
    return { layout: 'one-level', extraPath: segs.slice(0, n - 1).join('/') };
  }
  return { layout: 'flat', extraPath: segs.join('/') };
}

/** Runs `work` over a growing queue of directories with at most `limit` in flight. */
async function runPool(
  work: (dir: string, queue: string[]) => Promise<void>,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const queue: string[] = [''];
  let inflight = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      if (failed) return;
      if (signal?.aborted) {
        failed = true;
        reject(new InspectorError('CANCELLED', 'sstate scan was cancelled'));
        return;
      }
      while (inflight < limit && queue.length > 0) {
        const dir = queue.pop()!;
        inflight++;
        work(dir, queue).then(
          () => {
            inflight--;
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err);
          },
        );
      }
      if (inflight === 0 && queue.length === 0) resolve();
    };
    pump();
  });
}
