import type { StateCreator } from 'zustand/vanilla';
import { toErrorInfo } from '../../../shared/model/errors';
import type { WorkspaceSummary } from '../../../shared/model/tasks';
import type { AppState, SliceDeps, WorkspaceSlice } from '../types';

function upsert(list: WorkspaceSummary[], ws: WorkspaceSummary): WorkspaceSummary[] {
  return list.some((w) => w.id === ws.id) ? list.map((w) => (w.id === ws.id ? ws : w)) : [...list, ws];
}

/** Open workspaces: opening (as a job), listing, switching, closing. */
export const createWorkspaceSlice =
  ({ api, newJobId }: SliceDeps): StateCreator<AppState, [], [], WorkspaceSlice> =>
  (set, get) => {
    const runOpen = async (
      what: string,
      open: (jobId: string) => Promise<WorkspaceSummary>,
    ): Promise<void> => {
      const jobId = newJobId('open');
      set({ openStatus: { kind: 'opening', jobId, what } });
      try {
        const ws = await open(jobId);
        set((s) => ({
          workspaces: upsert(s.workspaces, ws),
          activeWorkspaceId: ws.id,
          openStatus: { kind: 'idle' },
        }));
        // The task table reloads itself when activeWorkspaceId changes (tasks/slice.ts): asking
        // for a page here too made every open run tasks.query twice.
        await get().loadRecent();
      } catch (err) {
        set({ openStatus: { kind: 'error', error: toErrorInfo(err) } });
      }
    };

    return {
      workspaces: [],
      activeWorkspaceId: null,
      openStatus: { kind: 'idle' },
      recent: [],

      async loadWorkspaces() {
        try {
          const workspaces = await api['workspace.list']({});
          const active = get().activeWorkspaceId;
          const keep = active !== null && workspaces.some((w) => w.id === active);
          set({ workspaces, activeWorkspaceId: keep ? active : (workspaces[0]?.id ?? null) });
        } catch (err) {
          set({ openStatus: { kind: 'error', error: toErrorInfo(err) } });
        }
      },

      async loadRecent() {
        try {
          set({ recent: await api['workspace.recent']({}) });
        } catch {
          // The recent list is a convenience: keep the old one.
        }
      },

      openPaths: (paths) => runOpen(paths.join(', '), (jobId) => api['workspace.open']({ paths, jobId })),
      openDemo: () => runOpen('the demo build', (jobId) => api['workspace.openDemo']({ jobId })),

      async addBuild(paths) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return get().openPaths(paths);
        return runOpen(paths.join(', '), (jobId) => api['workspace.addBuild']({ workspaceId, paths, jobId }));
      },

      async closeWorkspace(id) {
        try {
          await api['workspace.close']({ workspaceId: id });
        } finally {
          const rest = get().workspaces.filter((w) => w.id !== id);
          const active = get().activeWorkspaceId === id ? (rest[0]?.id ?? null) : get().activeWorkspaceId;
          set({ workspaces: rest, activeWorkspaceId: active });
        }
      },

      selectWorkspace(id) {
        if (id === get().activeWorkspaceId) return;
        set({ activeWorkspaceId: id });
      },

      async workspaceChanged({ workspaceId, reason }) {
        if (reason === 'closed') {
          set((s) => ({ workspaces: s.workspaces.filter((w) => w.id !== workspaceId) }));
          if (get().activeWorkspaceId === workspaceId) await get().loadWorkspaces();
          return;
        }
        if (reason === 'opened' && !get().workspaces.some((w) => w.id === workspaceId)) {
          // Opened by someone else (web mode start-up, the desktop menu): show it if nothing is shown.
          await get().loadWorkspaces();
          return;
        }
        try {
          const ws = await api['workspace.summary']({ workspaceId });
          // A new summary object: the task table sees it and reloads (once).
          set((s) => ({ workspaces: upsert(s.workspaces, ws) }));
        } catch {
          // Gone meanwhile: the next list refresh drops it.
        }
      },
    };
  };
