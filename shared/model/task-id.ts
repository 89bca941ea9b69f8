/**
 * Splits a task id `[mc:<mc>:]<pn>:<do_task>` (the form sigdata files and the analysis use) into its
 * parts; a legacy full-path id yields the recipe file's path as `pn`. Shared by the engine and the UI.
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
