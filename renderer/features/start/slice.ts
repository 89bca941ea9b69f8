import type { StateCreator } from 'zustand/vanilla';
import type { ChoosePathsInput, MethodOutput } from '../../../shared/contract';
import { toErrorInfo } from '../../../shared/model/errors';
import type { AppState, SliceDeps } from '../../state/types';

/** Candidates for the path being typed (web mode's replacement for a drop). */
export interface PathCompletion {
  prefix: string;
  dir: string | null;
  entries: MethodOutput<'fs.complete'>['entries'];
}

/** The Start view's own state: path completion on the serving machine, native Open… dialogs. */
export interface StartSlice {
  completion: PathCompletion | null;
  /** Whether the engine can complete paths (false when it answered UNKNOWN_METHOD/UNSUPPORTED). */
  completionAvailable: boolean;
  completePath(prefix: string): Promise<void>;
  /** A native open dialog is showing (its buttons wait for it). */
  choosing: boolean;
  /**
   * Desktop app: asks for paths with a native dialog, then opens them exactly as a drop would
   * (`open` → a new workspace; `add`/`compare` → a build added to the active one). Cancel does
   * nothing; a failure shows where opening errors show.
   */
  chooseAndOpen(kind: ChoosePathsInput['kind'], purpose?: ChoosePathsInput['purpose']): Promise<void>;
}

/** The start slice. */
export const createStartSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], StartSlice> =>
  (set, get) => {
    let latest = 0;
    return {
      completion: null,
      completionAvailable: true,
      choosing: false,
      async completePath(prefix) {
        const mine = ++latest;
        if (!prefix.trim() || !get().completionAvailable) {
          set({ completion: null });
          return;
        }
        try {
          const res = await api['fs.complete']({ prefix });
          if (mine === latest) set({ completion: { prefix, ...res } });
        } catch {
          // Completion is a convenience: without it the field still opens what is typed.
          if (mine === latest) set({ completion: null, completionAvailable: false });
        }
      },

      async chooseAndOpen(kind, purpose = 'open') {
        // One dialog at a time: a second click while one shows would stack dialogs.
        if (get().choosing) return;
        set({ choosing: true });
        let paths: string[];
        try {
          paths = (await api['app.choosePaths']({ kind, purpose })).paths;
        } catch (err) {
          set({ openStatus: { kind: 'error', error: toErrorInfo(err) } });
          return;
        } finally {
          set({ choosing: false });
        }
        if (paths.length === 0) return;
        // The same actions the desktop shell's app.openPaths event (a drop, the menu) runs.
        if (purpose === 'open') await get().openPaths(paths);
        else await get().addBuild(paths);
      },
    };
  };
