import type { Api, AppInfo, RecentEntry } from '../../shared/contract';
import type { EventPayload } from '../../shared/contract/events';
import type { ErrorInfo } from '../../shared/model/errors';
import type { Progress } from '../../shared/model/progress';
import type { WorkspaceSummary } from '../../shared/model/tasks';
import type { ShellSlice } from '../features/shell/slice';
import type { SourcesSlice } from '../features/sources/slice';
import type { StartSlice } from '../features/start/slice';
import type { TaskDetailSlice } from '../features/task-detail/slice';
import type { TaskTableSlice } from '../features/tasks/slice';
import type { CompareSlice } from '../features/compare/slice';
import type { EquivalenceSlice } from '../features/equivalence/slice';
import type { OuthashSlice } from '../features/outhash/slice';
import type { ServerSlice } from '../features/server/slice';
import type { WhySlice } from '../features/why-rebuilt/slice';

/** Where opening a workspace stands. */
export type OpenStatus =
  { kind: 'idle' } | { kind: 'opening'; jobId: string; what: string } | { kind: 'error'; error: ErrorInfo };

/** Where the current task page stands. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Application facts and which door the page came through. */
export interface AppSlice {
  info: AppInfo | null;
  infoError: ErrorInfo | null;
  loadInfo(): Promise<void>;
}

/** Open workspaces and the one on screen. */
export interface WorkspaceSlice {
  workspaces: WorkspaceSummary[];
  activeWorkspaceId: string | null;
  openStatus: OpenStatus;
  recent: RecentEntry[];
  loadWorkspaces(): Promise<void>;
  loadRecent(): Promise<void>;
  openPaths(paths: string[]): Promise<void>;
  openDemo(): Promise<void>;
  addBuild(paths: string[]): Promise<void>;
  closeWorkspace(id: string): Promise<void>;
  selectWorkspace(id: string): void;
  /** The engine said a workspace changed (event): refresh what is shown. */
  workspaceChanged(payload: EventPayload<'workspace.changed'>): Promise<void>;
}

/** A job in progress, as its events tell. */
export interface JobView {
  jobId: string;
  method: string;
  progress: Progress | null;
}

/** Long jobs in flight (from job.progress / job.finished events). */
export interface JobsSlice {
  jobs: Record<string, JobView>;
  jobProgress(payload: EventPayload<'job.progress'>): void;
  jobFinished(payload: EventPayload<'job.finished'>): void;
  cancelJob(jobId: string): Promise<void>;
}

/** The whole store. Features add their slice here (and in createAppStore). */
export type AppState = AppSlice &
  WorkspaceSlice &
  JobsSlice &
  ShellSlice &
  StartSlice &
  SourcesSlice &
  TaskTableSlice &
  TaskDetailSlice &
  EquivalenceSlice &
  WhySlice &
  OuthashSlice &
  ServerSlice &
  CompareSlice;

/** What every slice creator gets: the API, injected (no module singletons). */
export interface SliceDeps {
  api: Api;
  /** A fresh job id (injected so tests get stable ids). */
  newJobId(prefix: string): string;
}
