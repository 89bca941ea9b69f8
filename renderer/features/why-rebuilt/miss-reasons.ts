/**
 * Why a task was rebuilt, classified into the reasons a Yocto developer acts on: its own inputs
 * (variable, file, taint), a dependency, or — when the signature did not change enough to
 * explain it — the cache side (no sstate object, no server mapping, output changed). Pure.
 */
import type { SigDiff } from '../../../shared/model/sig-diff';
import type { TaskRow } from '../../../shared/model/tasks';

/** One reason, in the order they are shown (own inputs first, cache last). */
export const MISS_REASONS = [
  'variable',
  'file',
  'dependency',
  'taint',
  'no-sstate',
  'no-server-mapping',
  'output-changed',
] as const;
/** One of MISS_REASONS. */
export type MissReason = (typeof MISS_REASONS)[number];

/** What a reason means, for the chips' tooltips and the legend. */
export const MISS_REASON_TEXT: Record<MissReason, { label: string; help: string }> = {
  variable: {
    label: 'Variable',
    help: 'A variable (or the variable set, or an ignore list) of the task changed.',
  },
  file: { label: 'File', help: 'A local file (file:// checksum) of the task changed.' },
  dependency: { label: 'Dependency', help: 'A task it depends on has a new hash (follow the root causes).' },
  taint: { label: 'Taint', help: 'The task was tainted (e.g. bitbake -f / -C), which forces a new hash.' },
  'no-sstate': {
    label: 'No sstate object',
    help: 'No sstate archive exists for the unihash, so it had to run.',
  },
  'no-server-mapping': {
    label: 'No server mapping',
    help: 'The hash equivalence server had no unihash for this taskhash, so no older output could be reused.',
  },
  'output-changed': {
    label: 'Output changed',
    help: 'It ran and produced a different outhash, so its unihash (and everything after it) changed.',
  },
};

/** Facts from the task table about the two runs, when known. */
export interface RowFacts {
  /** The row of the newer signature (b). */
  current: Pick<TaskRow, 'taskhash' | 'unihash' | 'outhashes' | 'sstate'> | null;
  /** The row of the older signature (a). */
  previous: Pick<TaskRow, 'taskhash' | 'unihash' | 'outhashes' | 'sstate'> | null;
}

/**
 * Tasks whose output goes to sstate (and so get an outhash and a unihash of their own). Other
 * tasks always run when their taskhash changes: "no sstate object" means nothing for them.
 */
const SSTATE_TASK =
  /^do_(populate_sysroot|populate_lic|package|packagedata|package_write_\w+|package_qa|deploy|deploy_source_date_epoch|create_spdx|create_runtime_spdx|image_complete|populate_sdk\w*)$/;

/** Whether a task (`do_package` or `zlib:do_package`) is an sstate task. */
export function isSstateTask(task: string): boolean {
  return SSTATE_TASK.test(task.slice(task.lastIndexOf(':') + 1));
}

/** The reasons in a signature diff itself (own inputs and dependencies). */
export function diffReasons(d: SigDiff): MissReason[] {
  const out = new Set<MissReason>();
  const gendeps = d.gendeps.added.length + d.gendeps.removed.length + d.gendeps.changed.length;
  if (d.variables.length > 0 || d.taskdeps || d.basehashIgnoreVars || d.taskhashIgnoreTasks || gendeps > 0)
    out.add('variable');
  if (d.files.changed.length + d.files.added.length + d.files.removed.length > 0) out.add('file');
  const deps = d.runtaskhashes;
  if (deps.changed.length + deps.added.length + deps.removed.length > 0 || d.runtaskdeps)
    out.add('dependency');
  if (d.taint) out.add('taint');
  return MISS_REASONS.filter((r) => out.has(r));
}

/**
 * Every reason that applies: the diff's own, plus what the rows say about the cache. A task whose
 * taskhash is unchanged but whose unihash differs missed only on the server side.
 */
export function classifyMiss(
  d: SigDiff | undefined,
  facts: RowFacts = { current: null, previous: null },
  task = d?.task.b ?? '',
): MissReason[] {
  const out = new Set<MissReason>(d ? diffReasons(d) : []);
  const known = (r: RowFacts['current']) => r !== null && (r.sstate || r.outhashes.length > 0);
  // Cache-side reasons only apply to sstate tasks (the others always run on a new taskhash).
  const cacheSide = isSstateTask(task) || known(facts.current) || known(facts.previous);
  const cur = cacheSide ? facts.current : null;
  const prev = cacheSide ? facts.previous : null;
  if (cacheSide && d?.taskhash === undefined && d?.unihash) out.add('no-server-mapping');
  if (cur && prev && cur.taskhash !== prev.taskhash && cur.unihash !== prev.unihash) {
    const a = new Set(prev.outhashes);
    if (cur.outhashes.length > 0 && a.size > 0 && !cur.outhashes.some((o) => a.has(o)))
      out.add('output-changed');
    else if (cur.outhashes.length === 0 || cur.unihash === cur.taskhash) out.add('no-server-mapping');
  }
  if (cur && !cur.sstate) out.add('no-sstate');
  return MISS_REASONS.filter((r) => out.has(r));
}
