import type { StateCreator } from 'zustand/vanilla';
import { toErrorInfo } from '../../../shared/model/errors';
import type { AppState, SliceDeps, TasksSlice } from '../types';

/** Rows per page of the minimal task table. */
export const PAGE_SIZE = 100;

/** The task table: a query and one page of rows (never the whole index). */
export const createTasksSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], TasksSlice> =>
  (set, get) => {
    // Only the newest request may write its answer: typing fast must not show an older page.
    let latest = 0;
    return {
      taskQuery: { offset: 0, limit: PAGE_SIZE },
      taskPage: null,
      tasksStatus: 'idle',
      tasksError: null,

      async setTaskSearch(search) {
        const { search: _old, ...rest } = get().taskQuery;
        set({ taskQuery: { ...rest, ...(search ? { search } : {}), offset: 0 } });
        await get().loadTasks();
      },

      async setTaskOffset(offset) {
        set((s) => ({ taskQuery: { ...s.taskQuery, offset: Math.max(0, offset) } }));
        await get().loadTasks();
      },

      async loadTasks() {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) {
          set({ taskPage: null, tasksStatus: 'idle', tasksError: null });
          return;
        }
        const mine = ++latest;
        set({ tasksStatus: 'loading' });
        try {
          const page = await api['tasks.query']({ workspaceId, query: get().taskQuery });
          if (mine === latest) set({ taskPage: page, tasksStatus: 'ready', tasksError: null });
        } catch (err) {
          if (mine === latest) set({ tasksStatus: 'error', tasksError: toErrorInfo(err) });
        }
      },
    };
  };
