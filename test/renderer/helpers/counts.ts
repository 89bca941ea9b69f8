import type { WorkspaceSummary } from '../../../shared/model/tasks';

/** The counts of an empty workspace, as the engine sends them (the Tasks slice reads them on every reload). */
export const ZERO_COUNTS: WorkspaceSummary['counts'] = {
  rows: 0,
  recipes: 0,
  tasks: 0,
  unihashes: 0,
  equivalent: 0,
  disagree: 0,
  withSstate: 0,
  classes: 0,
};
