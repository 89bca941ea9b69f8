/** Progress of a long job (scan, hash, sync). `total` is absent while unknown. */
export interface Progress {
  /** Short machine-readable phase name, e.g. 'scan', 'hash', 'index'. */
  phase: string;
  done: number;
  total?: number;
  /** What is being worked on now, for display (a path, a recipe). */
  current?: string;
}

/** Called by long jobs; must be cheap (jobs call it at most every few milliseconds). */
export type ProgressFn = (p: Progress) => void;
