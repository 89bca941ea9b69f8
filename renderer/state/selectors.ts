import type { WorkspaceSummary } from '../../shared/model/tasks';
import type { AppState, JobView } from './types';

/** The workspace on screen, or null. */
export const selectActiveWorkspace = (s: AppState): WorkspaceSummary | null =>
  s.workspaces.find((w) => w.id === s.activeWorkspaceId) ?? null;

/** Rows of the page on screen (an empty array when none; stable reference per page). */
const NO_ROWS: never[] = [];
export const selectTaskRows = (s: AppState) => s.taskPage?.rows ?? NO_ROWS;

/** How many rows match the current query, or null before the first page. */
export const selectTaskTotal = (s: AppState): number | null => s.taskPage?.total ?? null;

/** Jobs in flight as a list (use with useShallow). */
export const selectJobList = (s: AppState): JobView[] => Object.values(s.jobs);

/** The open status (idle / opening / error). */
export const selectOpenStatus = (s: AppState) => s.openStatus;
