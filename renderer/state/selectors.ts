import type { WorkspaceSummary } from '../../shared/model/tasks';
import type { AppState, JobView } from './types';

/** The workspace on screen, or null. */
export const selectActiveWorkspace = (s: AppState): WorkspaceSummary | null =>
  s.workspaces.find((w) => w.id === s.activeWorkspaceId) ?? null;

/** Jobs in flight as a list (use with useShallow). */
export const selectJobList = (s: AppState): JobView[] => Object.values(s.jobs);

/** The open status (idle / opening / error). */
export const selectOpenStatus = (s: AppState) => s.openStatus;
