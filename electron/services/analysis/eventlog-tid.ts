/** The parts of a run-queue task id (spec eventlog.md §5.1). */
export interface TidParts {
  tid: string;
  /** Multiconfig name, "" for the default configuration. */
  mc: string;
  /** The tid without its task name (keeps `mc:` and `virtual:` prefixes). */
  taskfile: string;
  /** The plain recipe file. */
  recipeFile: string;
  /** "" or the `virtual:` class (`native`, `multilib:lib32`). */
  variant: string;
  /** `do_…` */
  taskname: string;
}

/**
 * Splits `[mc:<mc>:][virtual:<variant>:]<recipe file>:<task>`. The task name is after the last
 * colon; an `mc:` prefix counts only when at least two more colons follow; a remaining
 * `virtual:` prefix holds the variant (which may itself contain colons), the recipe file is
 * the last field.
 */
export function parseTid(tid: string): TidParts {
  const lastColon = tid.lastIndexOf(':');
  const taskfile = lastColon >= 0 ? tid.slice(0, lastColon) : '';
  const taskname = lastColon >= 0 ? tid.slice(lastColon + 1) : tid;
  let rest = taskfile;
  let mc = '';
  if (rest.startsWith('mc:')) {
    const afterMc = rest.slice(3);
    const colon = afterMc.indexOf(':');
    // "mc:<mc>:<file>" — with the task name this is the "two more colons" rule.
    if (colon >= 0) {
      mc = afterMc.slice(0, colon);
      rest = afterMc.slice(colon + 1);
    }
  }
  let variant = '';
  let recipeFile = rest;
  if (rest.startsWith('virtual:')) {
    const body = rest.slice('virtual:'.length);
    const colon = body.lastIndexOf(':');
    if (colon >= 0) {
      variant = body.slice(0, colon);
      recipeFile = body.slice(colon + 1);
    }
  }
  return { tid, mc, taskfile, recipeFile, variant, taskname };
}

/** The tid a task-process event belongs to: `_fn + ":" + taskname` without `_setscene`. */
export function workerTid(fn: string, taskname: string): string {
  return `${fn}:${taskname.endsWith('_setscene') ? taskname.slice(0, -'_setscene'.length) : taskname}`;
}
