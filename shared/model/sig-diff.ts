/**
 * The structured difference between two task signatures (sigdata / siginfo), in the categories
 * and order bitbake-diffsigs uses (spec/sstate-and-siginfo.md §8). `sig-diff-text.ts` renders it
 * as the reference text; root-cause analysis reads the structure.
 */
import type { SigData } from './sigdata';
import { unifiedLineDiff, wordDiff, type WordDiff } from './word-diff';

/** A set that changed: both sides plus what was added and removed. */
export interface SetChange {
  a: string[];
  b: string[];
  added: string[];
  removed: string[];
}

/** How a variable's value changed, and the form bitbake-diffsigs shows it in. */
export type VariableChange =
  | { variable: string; a: string | null; b: string | null; kind: 'lines'; lines: string[] }
  | { variable: string; a: string | null; b: string | null; kind: 'words'; words: WordDiff }
  | { variable: string; a: string | null; b: string | null; kind: 'value' };

/** One position of runtaskdeps whose hash differs (ids may differ too). */
export interface RunTaskDepChange {
  idA: string;
  hashA: string;
  idB: string;
  hashB: string;
}

/** The whole structured difference; a category is absent (or empty) when it did not change. */
export interface SigDiff {
  task: { a: string; b: string };
  /** Category 1: BB_BASEHASH_IGNORE_VARS. */
  basehashIgnoreVars?: SetChange;
  /** Category 2: BB_TASKHASH_IGNORE_TASKS. */
  taskhashIgnoreTasks?: { a: string | null; b: string | null };
  /** Category 3: the task's variable dependencies. */
  taskdeps?: SetChange;
  /** Category 4. */
  basehash?: { a: string; b: string };
  /** Category 5: dependencies of each variable (vars ignored on both sides skipped). */
  gendeps: {
    changed: Array<{ variable: string } & SetChange>;
    added: string[];
    removed: string[];
  };
  /** Category 6: values present on both sides that differ, sorted by name. */
  variables: VariableChange[];
  /** Category 7: local file checksums. */
  files: {
    changed: Array<{ file: string; a: string | null; b: string | null }>;
    added: Array<{ file: string; checksum: string | null }>;
    removed: Array<{ file: string; checksum: string | null }>;
  };
  /** Category 8: runtaskdeps by position (ids cleaned of legacy recipe paths). */
  runtaskdeps?: {
    a: string[];
    b: string[];
    countChanged: boolean;
    idsChanged: boolean;
    changed: RunTaskDepChange[];
  };
  /** Category 9: dependency hashes by id (renames with the same hash are not reported). */
  runtaskhashes: {
    added: Array<{ task: string; hash: string }>;
    removed: Array<{ task: string; hash: string }>;
    changed: Array<{ task: string; a: string; b: string }>;
  };
  /** Category 10. */
  taint?: { a: string | null; b: string | null };
  /** Not a bitbake-diffsigs category: the recorded hashes, for callers that want them. */
  taskhash?: { a: string | null; b: string | null };
  unihash?: { a: string | null; b: string | null };
}

/** Which kinds of the task's OWN inputs changed (as opposed to its dependencies' hashes). */
export type OwnCauseKind = 'ignore-list' | 'taskdeps' | 'variable' | 'file' | 'dependency-set' | 'taint';

const sorted = (xs: Iterable<string>): string[] => [...xs].sort(cmp);

/** Code point order, as Python sorts strings. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function setChange(a: readonly string[], b: readonly string[]): SetChange | undefined {
  const sa = new Set(a);
  const sb = new Set(b);
  const added = sorted([...sb].filter((x) => !sa.has(x)));
  const removed = sorted([...sa].filter((x) => !sb.has(x)));
  if (added.length === 0 && removed.length === 0) return undefined;
  return { a: sorted(sa), b: sorted(sb), added, removed };
}

/**
 * A task id as bitbake-diffsigs compares it: modern ids (`zlib:do_configure`,
 * `mc:mc1:zlib:do_configure`) as they are; legacy full-path ids
 * (`[mc:<mc>:][virtual:<cls>:]/path/dir/zlib_1.3.1.bb:do_configure`) reduced to
 * `dir/zlib_1.3.1.bb:do_configure` plus `:virtual:<cls>` / `:mc:<mc>` suffixes, so the same task
 * from two machines with different layer paths compares equal.
 */
export function cleanTaskId(id: string): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  let prefix = id.slice(0, slash);
  const path = id.slice(slash);
  const parts = path.split('/');
  const cleaned = parts.slice(-2).join('/');
  let suffix = '';
  const mc = /^mc:([^:]*):/.exec(prefix) ?? /^multiconfig:([^:]*):/.exec(prefix);
  if (mc) {
    prefix = prefix.slice(mc[0].length);
    suffix = `:mc:${mc[1]}`;
  }
  const virt = /^virtual:([^:]*):/.exec(prefix);
  const variant = virt ? `:virtual:${virt[1]}` : '';
  return cleaned + variant + suffix;
}

/**
 * Compares two signatures. `a` is the old one, `b` the new one, as in `bitbake-diffsigs A B`.
 * Pure and total: any two SigData values give a result.
 */
export function diffSigData(a: SigData, b: SigData): SigDiff {
  const d: SigDiff = {
    task: { a: a.task, b: b.task },
    gendeps: { changed: [], added: [], removed: [] },
    variables: [],
    files: { changed: [], added: [], removed: [] },
    runtaskhashes: { added: [], removed: [], changed: [] },
  };

  const ignore = setChange(a.basehashIgnoreVars, b.basehashIgnoreVars);
  if (ignore) d.basehashIgnoreVars = ignore;
  if ((a.taskhashIgnoreTasks ?? null) !== (b.taskhashIgnoreTasks ?? null))
    d.taskhashIgnoreTasks = { a: a.taskhashIgnoreTasks ?? null, b: b.taskhashIgnoreTasks ?? null };
  const taskdeps = setChange(a.taskdeps, b.taskdeps);
  if (taskdeps) d.taskdeps = taskdeps;
  if (a.basehash !== b.basehash) d.basehash = { a: a.basehash, b: b.basehash };

  // Category 5: variables ignored on both sides are skipped, as BitBake does.
  const bothIgnored = new Set(a.basehashIgnoreVars.filter((v) => b.basehashIgnoreVars.includes(v)));
  for (const v of sorted(new Set([...Object.keys(a.gendeps), ...Object.keys(b.gendeps)]))) {
    if (bothIgnored.has(v)) continue;
    const ga = a.gendeps[v];
    const gb = b.gendeps[v];
    if (ga && !gb) d.gendeps.removed.push(v);
    else if (!ga && gb) d.gendeps.added.push(v);
    else if (ga && gb) {
      const c = setChange(ga, gb);
      if (c) d.gendeps.changed.push({ variable: v, ...c });
    }
  }

  // Category 6: only values present on both sides; additions show up in taskdeps/gendeps.
  for (const v of sorted(Object.keys(a.varvals))) {
    if (!Object.hasOwn(b.varvals, v)) continue;
    const va = a.varvals[v] ?? null;
    const vb = b.varvals[v] ?? null;
    if (va === vb) continue;
    d.variables.push(variableChange(v, va, vb));
  }

  diffFileChecksums(a.fileChecksumValues ?? [], b.fileChecksumValues ?? [], d.files);

  if (a.runtaskdeps && b.runtaskdeps) {
    const ra = a.runtaskdeps.map(cleanTaskId);
    const rb = b.runtaskdeps.map(cleanTaskId);
    const countChanged = ra.length !== rb.length;
    const changed: RunTaskDepChange[] = [];
    if (!countChanged) {
      for (let i = 0; i < ra.length; i++) {
        const hashA = a.runtaskhashes?.[a.runtaskdeps[i]!] ?? '';
        const hashB = b.runtaskhashes?.[b.runtaskdeps[i]!] ?? '';
        if (hashA !== hashB) changed.push({ idA: ra[i]!, hashA, idB: rb[i]!, hashB });
      }
    }
    const idsChanged = ra.length !== rb.length || ra.some((x, i) => x !== rb[i]);
    if (countChanged || changed.length > 0)
      d.runtaskdeps = { a: ra, b: rb, countChanged, idsChanged, changed };
  }

  if (a.runtaskhashes && b.runtaskhashes) {
    const ha = cleanKeys(a.runtaskhashes);
    const hb = cleanKeys(b.runtaskhashes);
    const added = sorted([...hb.keys()].filter((k) => !ha.has(k)));
    const removed = sorted([...ha.keys()].filter((k) => !hb.has(k)));
    const removedHashes = new Set(removed.map((k) => ha.get(k)!));
    const addedHashes = new Set(added.map((k) => hb.get(k)!));
    // An id that moved (same hash on both sides under another name) is a rename, not a change.
    for (const k of added)
      if (!removedHashes.has(hb.get(k)!)) d.runtaskhashes.added.push({ task: k, hash: hb.get(k)! });
    for (const k of removed)
      if (!addedHashes.has(ha.get(k)!)) d.runtaskhashes.removed.push({ task: k, hash: ha.get(k)! });
    for (const k of sorted(ha.keys())) {
      const hbk = hb.get(k);
      if (hbk !== undefined && hbk !== ha.get(k))
        d.runtaskhashes.changed.push({ task: k, a: ha.get(k)!, b: hbk });
    }
  }

  if ((a.taint ?? null) !== (b.taint ?? null)) d.taint = { a: a.taint ?? null, b: b.taint ?? null };
  if ((a.taskhash ?? null) !== (b.taskhash ?? null))
    d.taskhash = { a: a.taskhash ?? null, b: b.taskhash ?? null };
  if ((a.unihash ?? null) !== (b.unihash ?? null)) d.unihash = { a: a.unihash ?? null, b: b.unihash ?? null };
  return d;
}

function cleanKeys(h: Record<string, string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(h)) m.set(cleanTaskId(k), v);
  return m;
}

/** Chooses the presentation bitbake-diffsigs uses for a changed value. */
export function variableChange(variable: string, a: string | null, b: string | null): VariableChange {
  const sa = a ?? 'None';
  const sb = b ?? 'None';
  if (sa.includes('\n') || sb.includes('\n'))
    return { variable, a, b, kind: 'lines', lines: unifiedLineDiff(sa, sb) };
  // A missing (None) or empty value on either side gets the plain from/to form.
  if (a && b && (a.includes(' ') || b.includes(' ')))
    return { variable, a, b, kind: 'words', words: wordDiff(a, b) };
  return { variable, a, b, kind: 'value' };
}

/**
 * File checksums are compared as multisets of (name, checksum) pairs, so a file listed twice
 * is counted twice; a name that lost one checksum and gained another is "changed".
 */
function diffFileChecksums(
  a: ReadonlyArray<[string, string | null]>,
  b: ReadonlyArray<[string, string | null]>,
  out: SigDiff['files'],
): void {
  const key = (f: string, c: string | null): string => `${f}\u0000${c ?? ''}`;
  const count = (xs: ReadonlyArray<[string, string | null]>): Map<string, number> => {
    const m = new Map<string, number>();
    for (const [f, c] of xs) m.set(key(f, c), (m.get(key(f, c)) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  const minus = (
    xs: ReadonlyArray<[string, string | null]>,
    mine: Map<string, number>,
    other: Map<string, number>,
  ): Array<[string, string | null]> => {
    const left = new Map<string, number>();
    for (const [k, n] of mine) left.set(k, n - (other.get(k) ?? 0));
    const res: Array<[string, string | null]> = [];
    for (const [f, c] of xs) {
      const k = key(f, c);
      const n = left.get(k) ?? 0;
      if (n > 0) {
        res.push([f, c]);
        left.set(k, n - 1);
      }
    }
    return res;
  };
  const removed = minus(a, ca, cb);
  const added = minus(b, cb, ca);
  const addedLeft = [...added];
  for (const [f, c] of removed) {
    const i = addedLeft.findIndex(([g]) => g === f);
    if (i >= 0) {
      out.changed.push({ file: f, a: c, b: addedLeft[i]![1] });
      addedLeft.splice(i, 1);
    } else out.removed.push({ file: f, checksum: c });
  }
  for (const [f, c] of addedLeft) out.added.push({ file: f, checksum: c });
  out.changed.sort((x, y) => cmp(x.file, y.file));
  out.added.sort((x, y) => cmp(x.file, y.file));
  out.removed.sort((x, y) => cmp(x.file, y.file));
}

/** True when the two signatures differ in anything bitbake-diffsigs would report. */
export function sigDiffIsEmpty(d: SigDiff): boolean {
  return (
    !d.basehashIgnoreVars &&
    !d.taskhashIgnoreTasks &&
    !d.taskdeps &&
    !d.basehash &&
    d.gendeps.changed.length + d.gendeps.added.length + d.gendeps.removed.length === 0 &&
    d.variables.length === 0 &&
    d.files.changed.length + d.files.added.length + d.files.removed.length === 0 &&
    !d.runtaskdeps &&
    d.runtaskhashes.added.length + d.runtaskhashes.removed.length + d.runtaskhashes.changed.length === 0 &&
    !d.taint
  );
}

/**
 * The task's own changed inputs (not its dependencies' hashes): what makes it a root cause.
 * A basehash change with no visible variable change (e.g. only the task body) is reported as
 * `variable` through the task function's own varvals entry, which is included in `variables`.
 */
export function ownCauseKinds(d: SigDiff): OwnCauseKind[] {
  const kinds: OwnCauseKind[] = [];
  if (d.basehashIgnoreVars || d.taskhashIgnoreTasks) kinds.push('ignore-list');
  if (d.taskdeps || d.gendeps.added.length + d.gendeps.removed.length + d.gendeps.changed.length > 0)
    kinds.push('taskdeps');
  if (d.variables.length > 0) kinds.push('variable');
  if (d.files.changed.length + d.files.added.length + d.files.removed.length > 0) kinds.push('file');
  // A dependency added or removed (not just re-hashed) changes what the task is built from.
  if (d.runtaskdeps?.countChanged || d.runtaskhashes.added.length + d.runtaskhashes.removed.length > 0)
    kinds.push('dependency-set');
  if (d.taint) kinds.push('taint');
  return kinds;
}
