/**
 * Compares two builds (e.g. a laptop's and CI's build directories): matches tasks by
 * multiconfig, recipe and task; lists tasks only in A / only in B / changed / unchanged; explains
 * every changed task down to its root causes (all of them, folded across tasks); groups the
 * changed tasks by root cause; and classifies every miss.
 */
import type { ErrorInfo } from '../../../shared/model/errors';
import type { SigFile } from '../../../shared/model/sigdata';
import { findLeaks, type Leak, type LeakContext } from '../../../shared/model/sig-diff-leaks';
import type { ProgressFn } from '../../../shared/model/progress';
import { throwIfCancelled } from '../jobs/cancel';
import { indexBuild, type BuildSigIndex, type SigReader } from './sig-index';
import { RootCauseWalker, type MissingSig, type RootCause } from './root-causes';

/** Why a task of B cannot reuse A's result (or vice versa). */
export type MissKind =
  | 'variable'
  | 'file-checksum'
  | 'taint'
  | 'dependency-set'
  | 'dependency-only'
  | 'unihash-only'
  | 'no-sstate-object'
  | 'missing-sigdata'
  | 'unexplained';

/** One task present in both builds. */
export interface ComparedTask {
  task: string;
  status: 'changed' | 'unchanged';
  /** What differs: the taskhash, only the unihash, or both. Absent when unchanged. */
  change?: 'taskhash' | 'unihash' | 'both';
  taskhashA?: string;
  taskhashB?: string;
  unihashA?: string;
  unihashB?: string;
  /** Classification of the miss; empty for unchanged tasks that both sides can reuse. */
  miss: MissKind[];
  /** Root-cause task ids (for changed taskhashes). */
  roots?: string[];
  /** For `no-sstate-object`: which sides have the archive named by the (shared) unihash. */
  sstate?: { a: boolean; b: boolean };
}

/** A root cause and every changed task it explains. */
export interface CauseGroup {
  root: RootCause;
  /** Host-specific content in the root's changed variables (the usual sstate-sharing killers). */
  leaks: Leak[];
  affected: string[];
}

/** The whole comparison. */
export interface BuildComparison {
  a: string;
  b: string;
  counts: {
    onlyA: number;
    onlyB: number;
    changed: number;
    unchanged: number;
    taskhashChanged: number;
    unihashOnly: number;
    bothChanged: number;
  };
  onlyA: string[];
  onlyB: string[];
  changed: ComparedTask[];
  unchanged: ComparedTask[];
  /** Root causes first, the one explaining most tasks first. */
  causes: CauseGroup[];
  missing: MissingSig[];
  cycles: string[][];
  problems: ErrorInfo[];
}

/** Options of compareBuilds. */
export interface CompareOptions {
  reader: SigReader;
  sstateDirsA?: string[];
  sstateDirsB?: string[];
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Compares build directory A with build directory B. */
export async function compareBuilds(
  dirA: string,
  dirB: string,
  opts: CompareOptions,
): Promise<BuildComparison> {
  const [a, b] = await Promise.all([
    indexBuild(dirA, withDirs(opts, opts.sstateDirsA)),
    indexBuild(dirB, withDirs(opts, opts.sstateDirsB)),
  ]);
  return compareIndexes(a, b, opts);
}

function withDirs(opts: CompareOptions, dirs: string[] | undefined) {
  return dirs
    ? { reader: opts.reader, sstateDirs: dirs, signal: opts.signal }
    : { reader: opts.reader, signal: opts.signal };
}

/** Compares two already indexed builds. */
export async function compareIndexes(
  a: BuildSigIndex,
  b: BuildSigIndex,
  opts: { signal?: AbortSignal; onProgress?: ProgressFn } = {},
): Promise<BuildComparison> {
  const walker = new RootCauseWalker(a, b, opts.signal);
  const onlyA = [...a.tasks.keys()].filter((k) => !b.tasks.has(k));
  const onlyB = [...b.tasks.keys()].filter((k) => !a.tasks.has(k));
  const both = [...a.tasks.keys()].filter((k) => b.tasks.has(k));
  const changed: ComparedTask[] = [];
  const unchanged: ComparedTask[] = [];
  // Keyed by the (shared) RootCause object: one group per root node of the walk.
  const affected = new Map<RootCause, { root: RootCause; tasks: string[] }>();
  const problems = [...a.problems, ...b.problems];

  // Read the signatures with some concurrency first (file reads and zstd run off the main
  // thread); the index caches them, so the in-order walk below finds them ready.
  await forEachPool(both, 32, async (key) => {
    throwIfCancelled(opts.signal, 'Reading signatures');
    await Promise.all([a.current(key), b.current(key)]);
  });

  let done = 0;
  for (const key of both) {
    throwIfCancelled(opts.signal, 'Comparing builds');
    if (++done % 256 === 0) opts.onProgress?.({ phase: 'compare', done, total: both.length, current: key });
    const [sa, sb] = await Promise.all([a.current(key), b.current(key)]);
    const { row, roots } = await compareTask(key, a, b, sa, sb, walker, problems);
    if (row.status === 'unchanged') unchanged.push(row);
    else changed.push(row);
    for (const rc of roots) {
      const g = affected.get(rc);
      if (g) g.tasks.push(key);
      else affected.set(rc, { root: rc, tasks: [key] });
    }
  }

  // Unreadable signature files (corrupt, truncated) are named with the reader's error.
  problems.push(...a.loadErrors(), ...b.loadErrors());
  const ctx = leakContext(a, b);
  const causes: CauseGroup[] = [...affected.values()]
    .map(({ root, tasks }) => ({ root, leaks: rootLeaks(root, ctx), affected: [...new Set(tasks)].sort() }))
    .sort((x, y) => y.affected.length - x.affected.length || (x.root.task < y.root.task ? -1 : 1));

  return {
    a: a.root,
    b: b.root,
    counts: {
      onlyA: onlyA.length,
      onlyB: onlyB.length,
      changed: changed.length,
      unchanged: unchanged.length,
      taskhashChanged: changed.filter((c) => c.change === 'taskhash').length,
      unihashOnly: changed.filter((c) => c.change === 'unihash').length,
      bothChanged: changed.filter((c) => c.change === 'both').length,
    },
    onlyA,
    onlyB,
    changed,
    unchanged,
    causes,
    missing: walker.missing,
    cycles: walker.cycles,
    problems,
  };
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function forEachPool<T>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

async function compareTask(
  key: string,
  a: BuildSigIndex,
  b: BuildSigIndex,
  sa: SigFile | undefined,
  sb: SigFile | undefined,
  walker: RootCauseWalker,
  problems: ErrorInfo[],
): Promise<{ row: ComparedTask; roots: RootCause[] }> {
  const ta = a.tasks.get(key)!;
  const tb = b.tasks.get(key)!;
  const row: ComparedTask = { task: key, status: 'unchanged', miss: [] };
  const taskhashA = sa?.data.taskhash;
  const taskhashB = sb?.data.taskhash;
  const unihashA = sa?.data.unihash ?? ta.stampHash;
  const unihashB = sb?.data.unihash ?? tb.stampHash;
  if (taskhashA) row.taskhashA = taskhashA;
  if (taskhashB) row.taskhashB = taskhashB;
  if (unihashA) row.unihashA = unihashA;
  if (unihashB) row.unihashB = unihashB;

  if (!sa || !sb) {
    // Without both signatures only the stamp hashes can be compared.
    if (!sa) problems.push(missingCurrent(key, a));
    if (!sb) problems.push(missingCurrent(key, b));
    if (unihashA !== unihashB) {
      row.status = 'changed';
      row.change = 'both';
      row.miss = ['missing-sigdata'];
    }
    return { row, roots: [] };
  }
  const taskChanged = taskhashA !== taskhashB;
  const uniChanged = unihashA !== unihashB;
  if (!taskChanged && !uniChanged) {
    const { pn, task } = ta;
    const inA = a.sstateObjects.has(`${pn}:${unihashA}_${task}`);
    const inB = b.sstateObjects.has(`${pn}:${unihashB}_${task}`);
    if (inA !== inB) {
      row.miss = ['no-sstate-object'];
      row.sstate = { a: inA, b: inB };
    }
    return { row, roots: [] };
  }
  row.status = 'changed';
  row.change = taskChanged && uniChanged ? 'both' : taskChanged ? 'taskhash' : 'unihash';
  if (!taskChanged) {
    // Same inputs, different unihash: the equivalence one side knows was not shared.
    row.miss = ['unihash-only'];
    const roots = await walker.rootsOf(key, sa, sb);
    row.roots = roots.map((r) => r.task);
    return { row, roots };
  }
  const roots = await walker.rootsOf(key, sa, sb);
  row.roots = roots.map((r) => r.task);
  const self = roots.find((r) => r.task === key);
  const miss = new Set<MissKind>();
  for (const k of self?.kinds ?? []) miss.add(toMiss(k));
  if (miss.size === 0)
    miss.add(roots.some((r) => r.kinds.includes('missing-sigdata')) ? 'missing-sigdata' : 'dependency-only');
  row.miss = [...miss];
  return { row, roots };
}

function toMiss(k: RootCause['kinds'][number]): MissKind {
  switch (k) {
    case 'variable':
    case 'taskdeps':
    case 'ignore-list':
      return 'variable';
    case 'file':
      return 'file-checksum';
    case 'taint':
      return 'taint';
    case 'dependency-set':
      return 'dependency-set';
    case 'missing-sigdata':
      return 'missing-sigdata';
    case 'unihash-only':
      return 'unihash-only';
    case 'unexplained':
      return 'unexplained';
  }
}

function missingCurrent(key: string, idx: BuildSigIndex): ErrorInfo {
  const t = idx.tasks.get(key);
  return {
    code: 'NOT_FOUND',
    message: `No readable signature for ${key}${t?.stampHash ? ` with hash ${t.stampHash}` : ''} in ${idx.root}`,
    where: { file: t?.stampDir ?? idx.root },
  };
}

/** Build paths of both sides, so a leaked TOPDIR/TMPDIR is named as such. */
export function leakContext(...indexes: BuildSigIndex[]): LeakContext {
  const paths: Array<{ name: string; path: string }> = [];
  const users = new Set<string>();
  for (const idx of indexes) {
    paths.push({ name: 'TOPDIR', path: idx.root });
    paths.push({ name: 'TMPDIR', path: `${idx.root}/tmp` });
    const home = /^\/(?:home|Users)\/([^/]+)/.exec(idx.root);
    if (home) users.add(home[1]!);
  }
  return { paths, users: [...users] };
}

/** Leaks in the values that changed at a root (the values on either side). */
function rootLeaks(root: RootCause, ctx: LeakContext): Leak[] {
  const d = root.diff;
  if (!d || d.variables.length === 0) return [];
  const names = new Set(d.variables.map((v) => v.variable));
  const leaks: Leak[] = [];
  for (const v of d.variables) {
    for (const value of [v.a, v.b]) {
      if (value === null) continue;
      const fake = {
        task: v.variable,
        basehashIgnoreVars: [],
        taskhashIgnoreTasks: null,
        taskdeps: [],
        basehash: '',
        gendeps: {},
        varvals: { [v.variable]: value },
      };
      for (const l of findLeaks(fake, ctx)) if (names.has(l.variable)) leaks.push(l);
    }
  }
  // The same leak on both sides (e.g. two different home dirs) is listed once per distinct text.
  const seen = new Set<string>();
  return leaks.filter((l) => {
    const k = `${l.variable}\u0000${l.kind}\u0000${l.match}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
