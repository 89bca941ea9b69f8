/**
 * The task id `[mc:<mc>:]<pn>:<do_task>` (the form sigdata files, runtaskdeps and the analysis use;
 * the `mc:` prefix only for a multiconfig). Shared by the engine and the UI.
 */
export function formatTaskId(mc: string, pn: string, task: string): string {
  return mc ? `mc:${mc}:${pn}:${task}` : `${pn}:${task}`;
}

/**
 * The parts of a task id `[mc:<mc>:]<pn>:<do_task>`: the inverse of formatTaskId; a legacy
 * full-path id yields the recipe file's path as `pn`.
 */
export function splitTaskId(id: string): { mc: string; pn: string; task: string } {
  let rest = id;
  let mc = '';
  const m = /^mc:([^:]*):/.exec(rest);
  if (m) {
    mc = m[1]!;
    rest = rest.slice(m[0].length);
  }
  const at = rest.lastIndexOf(':');
  return { mc, pn: at < 0 ? rest : rest.slice(0, at), task: at < 0 ? '' : rest.slice(at + 1) };
}
