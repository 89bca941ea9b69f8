import type { StateCreator } from 'zustand/vanilla';
import type { MethodOutput } from '../../../shared/contract';
import type { AppState, SliceDeps } from '../../state/types';

/** Candidates for the path being typed (web mode's replacement for a drop). */
export interface PathCompletion {
  prefix: string;
  dir: string | null;
  entries: MethodOutput<'fs.complete'>['entries'];
}

/** The Start view's own state: path completion on the serving machine. */
export interface StartSlice {
  completion: PathCompletion | null;
  /** Whether the engine can complete paths (false when it answered UNKNOWN_METHOD/UNSUPPORTED). */
  completionAvailable: boolean;
  completePath(prefix: string): Promise<void>;
}

/** The start slice. */
export const createStartSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], StartSlice> =>
  (set, get) => {
    let latest = 0;
    return {
      completion: null,
      completionAvailable: true,
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
    };
  };
