import type { StateCreator } from 'zustand/vanilla';
import type { SourceEntry } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';

/** Every source of the workspace on screen, failed ones included. */
export interface SourcesSlice {
  sources: SourceEntry[];
  sourcesStatus: LoadStatus;
  sourcesError: ErrorInfo | null;
  loadSources(): Promise<void>;
}

/** The sources slice; refreshes when the workspace on screen changes. */
export const createSourcesSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], SourcesSlice> =>
  (set, get, store) => {
    let latest = 0;
    store.subscribe((s, prev) => {
      if (s.activeWorkspaceId !== prev.activeWorkspaceId || s.workspaces !== prev.workspaces) {
        if (s.view === 'sources' || s.sourcesStatus !== 'idle') void get().loadSources();
      }
    });
    return {
      sources: [],
      sourcesStatus: 'idle',
      sourcesError: null,
      async loadSources() {
        const workspaceId = get().activeWorkspaceId;
        const mine = ++latest;
        if (!workspaceId) {
          set({ sources: [], sourcesStatus: 'idle', sourcesError: null });
          return;
        }
        set({ sourcesStatus: 'loading' });
        try {
          const sources = await api['sources.list']({ workspaceId });
          if (mine === latest) set({ sources, sourcesStatus: 'ready', sourcesError: null });
        } catch (err) {
          if (mine === latest) set({ sourcesStatus: 'error', sourcesError: toErrorInfo(err) });
        }
      },
    };
  };
