/**
 * "Why is this task's hash what it is, and why did it change?" For one task of a build: its
 * current signature (inputs, dependencies with their hashes, files, taint, whether the recorded
 * hashes recompute, host-specific leaks) and, against another build — or, without one, against
 * the previous signature of the same task in the same build (what `bitbake-diffsigs -t` does,
 * but by stamps rather than by mtime alone) — the signature diff and every root cause.
 */
import { InspectorError } from '../../../shared/model/errors';
import type { SigFile } from '../../../shared/model/sigdata';
import { diffSigData, type SigDiff } from '../../../shared/model/sig-diff';
import { findLeaks, type Leak } from '../../../shared/model/sig-diff-leaks';
import { sigDiffMessages } from '../../../shared/model/sig-diff-text';
import { leakContext } from './build-compare';
import { RootCauseWalker, type RootCauseReport } from './root-causes';
import { indexBuild, newestFirst, type BuildSigIndex, type SigReader } from './sig-index';

/** A summary of one signature: what went into the hash. */
export interface SigSummary {
  file: string;
  format: SigFile['format'];
  taskhash?: string;
  unihash?: string;
  basehash: string;
  /** False when the recorded basehash/taskhash do not recompute from the file's content. */
  basehashMatches: boolean;
  taskhashMatches?: boolean;
  variables: number;
  dependencies: Array<{ task: string; hash: string }>;
  files: Array<{ file: string; checksum: string | null }>;
  taint?: string;
}

/** The answer of explainTask. */
export interface TaskExplanation {
  build: string;
  task: string;
  current: SigSummary;
  leaks: Leak[];
  /** What the current signature was compared with, if anything. */
  comparedWith?: {
    kind: 'other-build' | 'previous-in-build';
    build: string;
    summary?: SigSummary;
    status: 'same' | 'changed' | 'missing';
    diff?: SigDiff;
    /** The diff as bitbake-diffsigs prints it (one message per element). */
    messages?: string[];
    rootCauses?: RootCauseReport;
  };
}

/** Options of explainTask. */
export interface ExplainOptions {
  reader: SigReader;
  against?: string;
  sstateDirs?: string[];
  againstSstateDirs?: string[];
  signal?: AbortSignal;
}

/**
 * Normalizes a task argument: `zlib:do_compile`, `zlib:compile`, `zlib do_compile` (two words
 * joined by the caller) and `mc:mc1:zlib:do_compile` all work.
 */
export function normalizeTaskArg(arg: string): string {
  const t = arg.trim().replace(/\s+/, ':');
  const at = t.lastIndexOf(':');
  if (at <= 0 || at === t.length - 1)
    throw new InspectorError('INVALID_INPUT', `Task must look like <recipe>:do_<task>, got '${arg}'`);
  const task = t.slice(at + 1);
  return `${t.slice(0, at)}:${task.startsWith('do_') ? task : `do_${task}`}`;
}

/** Explains one task of `build` (a build directory). */
export async function explainTask(
  build: string,
  taskArg: string,
  opts: ExplainOptions,
): Promise<TaskExplanation> {
  const key = normalizeTaskArg(taskArg);
  const a = await indexBuild(build, idxOpts(opts, opts.sstateDirs));
  const current = await a.current(key);
  if (!current) throw notFound(a, key);
  const out: TaskExplanation = {
    build: a.root,
    task: key,
    current: summarize(current),
    leaks: findLeaks(current.data, leakContext(a)),
  };

  if (opts.against) {
    const b = await indexBuild(opts.against, idxOpts(opts, opts.againstSstateDirs));
    out.leaks = findLeaks(current.data, leakContext(a, b));
    const other = await b.current(key);
    if (!other) {
      out.comparedWith = { kind: 'other-build', build: b.root, status: 'missing' };
      return out;
    }
    out.comparedWith = await compareSigs('other-build', a, b, key, current, other, opts.signal);
    return out;
  }

  // The newest other signature of the task in this build: what it was before it last changed.
  const previous = await newestFirst(
    a.candidates(key).filter((e) => e.path !== current.path && e.source === 'stamps'),
    a.mtime,
  );
  for (const e of previous) {
    const r = await a.load(e);
    if (!r.ok) continue;
    const same =
      r.value.data.taskhash === current.data.taskhash && r.value.data.unihash === current.data.unihash;
    if (same) continue;
    // Old -> new, like `bitbake-diffsigs OLD NEW`.
    out.comparedWith = await compareSigs('previous-in-build', a, a, key, r.value, current, opts.signal);
    out.comparedWith.summary = summarize(r.value);
    return out;
  }
  return out;
}

async function compareSigs(
  kind: 'other-build' | 'previous-in-build',
  a: BuildSigIndex,
  b: BuildSigIndex,
  key: string,
  sa: SigFile,
  sb: SigFile,
  signal: AbortSignal | undefined,
): Promise<NonNullable<TaskExplanation['comparedWith']>> {
  const diff = diffSigData(sa.data, sb.data);
  const same =
    (sa.data.taskhash ?? '') === (sb.data.taskhash ?? '') &&
    (sa.data.unihash ?? '') === (sb.data.unihash ?? '');
  const res: NonNullable<TaskExplanation['comparedWith']> = {
    kind,
    build: b.root,
    summary: summarize(kind === 'other-build' ? sb : sa),
    status: same ? 'same' : 'changed',
    diff,
    messages: sigDiffMessages(diff),
  };
  if (!same) res.rootCauses = await new RootCauseWalker(a, b, signal).explain(key, sa, sb);
  return res;
}

function idxOpts(opts: ExplainOptions, dirs: string[] | undefined) {
  const o: { reader: SigReader; sstateDirs?: string[]; signal?: AbortSignal } = { reader: opts.reader };
  if (dirs) o.sstateDirs = dirs;
  if (opts.signal) o.signal = opts.signal;
  return o;
}

function notFound(idx: BuildSigIndex, key: string): InspectorError {
  const near = [...idx.tasks.keys()].filter(
    (k) => k.split(':').slice(-2, -1)[0] === key.split(':').slice(-2, -1)[0],
  );
  const hint = near.length ? ` Tasks of that recipe: ${near.slice(0, 12).join(', ')}` : '';
  return new InspectorError('NOT_FOUND', `No signature for ${key} in ${idx.root}.${hint}`, {
    file: idx.root,
  });
}

/** What went into a signature's hash, in numbers and lists. */
export function summarize(s: SigFile): SigSummary {
  const d = s.data;
  const sum: SigSummary = {
    file: s.path,
    format: s.format,
    basehash: d.basehash,
    basehashMatches: s.basehashMatches,
    variables: d.taskdeps.length,
    dependencies: (d.runtaskdeps ?? []).map((t) => ({ task: t, hash: d.runtaskhashes?.[t] ?? '' })),
    files: (d.fileChecksumValues ?? []).map(([file, checksum]) => ({ file, checksum })),
  };
  if (d.taskhash) sum.taskhash = d.taskhash;
  if (d.unihash) sum.unihash = d.unihash;
  if (s.taskhashMatches !== undefined) sum.taskhashMatches = s.taskhashMatches;
  if (d.taint) sum.taint = d.taint;
  return sum;
}
