import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api } from '../../shared/contract';
import { createAppSlice } from './slices/app-slice';
import { createJobsSlice } from './slices/jobs-slice';
import { createWorkspaceSlice } from './slices/workspace-slice';
import { createShellSlice } from '../features/shell/slice';
import { createSourcesSlice } from '../features/sources/slice';
import { createStartSlice } from '../features/start/slice';
import { createTaskDetailSlice } from '../features/task-detail/slice';
import { createTaskTableSlice } from '../features/tasks/slice';
import { createCompareSlice } from '../features/compare/slice';
import { createEquivalenceSlice } from '../features/equivalence/slice';
import { createOuthashSlice } from '../features/outhash/slice';
import { createServerSlice } from '../features/server/slice';
import { createWhySlice } from '../features/why-rebuilt/slice';
import type { AppState, SliceDeps } from './types';

/** The app's store. */
export type AppStore = StoreApi<AppState>;

/** Options of createAppStore. */
export interface AppStoreOptions {
  api: Api;
  newJobId?: (prefix: string) => string;
}

/**
 * One store per app (and per test) with the API injected. Each feature contributes one slice;
 * add a feature's slice creator here and its type to AppState.
 */
export function createAppStore(options: AppStoreOptions): AppStore {
  let n = 0;
  const deps: SliceDeps = {
    api: options.api,
    newJobId: options.newJobId ?? ((prefix) => `${prefix}-${Date.now().toString(36)}-${++n}`),
  };
  return createStore<AppState>()((...a) => ({
    ...createAppSlice(deps)(...a),
    ...createWorkspaceSlice(deps)(...a),
    ...createJobsSlice(deps)(...a),
    ...createShellSlice(deps)(...a),
    ...createStartSlice(deps)(...a),
    ...createSourcesSlice(deps)(...a),
    ...createTaskTableSlice(deps)(...a),
    ...createTaskDetailSlice(deps)(...a),
    ...createEquivalenceSlice(deps)(...a),
    ...createWhySlice(deps)(...a),
    ...createOuthashSlice(deps)(...a),
    ...createServerSlice(deps)(...a),
    ...createCompareSlice(deps)(...a),
  }));
}
