import type { StateCreator } from 'zustand/vanilla';
import type { OuthashResult } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { SigFile } from '../../../shared/model/sigdata';
import type { TaskDetail } from '../../../shared/model/tasks';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';

/** A part of the detail that loads on its own (the sig file, the depsig text). */
export interface Part<T> {
  status: LoadStatus;
  value: T | null;
  error: ErrorInfo | null;
  /** The file it is about. */
  path: string | null;
}

const idle = <T>(): Part<T> => ({ status: 'idle', value: null, error: null, path: null });

/** One task in full: its detail, its sigdata (recomputed), its depsig text. */
export interface TaskDetailSlice {
  detailKey: string | null;
  detail: Part<TaskDetail>;
  sig: Part<SigFile>;
  depsig: Part<OuthashResult>;
  /** Loads everything about a row (null clears); the sigdata follows on its own. */
  loadDetail(key: string | null): Promise<void>;
  loadSig(path: string): Promise<void>;
  /** The depsig listing (the outhash sigtext as recorded at build time) of a depsig file. */
  loadDepsig(path: string, task: string): Promise<void>;
  /**
   * Follows a hash to its row: dependencies in sigdata name taskhashes; finds the row whose
   * hash starts with it and opens it. Returns false when the workspace has no such row.
   */
  openTaskByHash(hash: string): Promise<boolean>;
}

/** The task detail slice. */
export const createTaskDetailSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], TaskDetailSlice> =>
  (set, get) => {
    let latest = 0;
    return {
      detailKey: null,
      detail: idle(),
      sig: idle(),
      depsig: idle(),

      async loadDetail(key) {
        const st = get().detail.status;
        if (key !== null && key === get().detailKey && (st === 'ready' || st === 'loading')) return;
        const mine = ++latest;
        const workspaceId = get().activeWorkspaceId;
        set({ detailKey: key, sig: idle(), depsig: idle() });
        if (!key || !workspaceId) {
          set({ detail: idle() });
          return;
        }
        set((s) => ({ detail: { ...s.detail, status: 'loading', error: null, path: key } }));
        try {
          const value = await api['tasks.detail']({ workspaceId, key });
          if (mine !== latest) return;
          set({ detail: { status: 'ready', value, error: null, path: key } });
          // The sigdata of the stamp first (what this build wrote), else the sstate siginfo.
          const file =
            value.files.find((f) => f.kind === 'sigdata') ?? value.files.find((f) => f.kind === 'siginfo');
          if (file) await get().loadSig(file.path);
        } catch (err) {
          if (mine === latest)
            set({ detail: { status: 'error', value: null, error: toErrorInfo(err), path: key } });
        }
      },

      async loadSig(path) {
        const mine = latest;
        set({ sig: { status: 'loading', value: null, error: null, path } });
        try {
          const value = await api['siginfo.read']({ path });
          if (mine === latest) set({ sig: { status: 'ready', value, error: null, path } });
        } catch (err) {
          if (mine === latest) set({ sig: { status: 'error', value: null, error: toErrorInfo(err), path } });
        }
      },

      async loadDepsig(path, task) {
        const mine = latest;
        set({ depsig: { status: 'loading', value: null, error: null, path } });
        try {
          const value = await api['outhash.compute']({
            path,
            params: { task: task.replace(/^do_/, '') },
            lines: true,
          });
          if (mine === latest) set({ depsig: { status: 'ready', value, error: null, path } });
        } catch (err) {
          if (mine === latest)
            set({ depsig: { status: 'error', value: null, error: toErrorInfo(err), path } });
        }
      },

      async openTaskByHash(hash) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return false;
        try {
          const page = await api['tasks.query']({
            workspaceId,
            query: { search: hash, offset: 0, limit: 1 },
          });
          const row = page.rows[0];
          if (!row) return false;
          get().selectKey(row.key);
          get().navigate('task');
          return true;
        } catch {
          return false;
        }
      },
    };
  };
