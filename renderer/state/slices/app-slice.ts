import type { StateCreator } from 'zustand/vanilla';
import { toErrorInfo } from '../../../shared/model/errors';
import type { AppSlice, AppState, SliceDeps } from '../types';

/** Application facts (name, version, mode). */
export const createAppSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], AppSlice> =>
  (set) => ({
    info: null,
    infoError: null,
    async loadInfo() {
      try {
        set({ info: await api['app.info']({}), infoError: null });
      } catch (err) {
        set({ infoError: toErrorInfo(err) });
      }
    },
  });
