import type { StateCreator } from 'zustand/vanilla';
import type { RootCauseComparison } from '../../../shared/contract/analysis-schemas';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { BuildComparison } from '../../../shared/model/tasks';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';

/** The Compare builds view: two build ids, the hash comparison and the root-cause grouping. */
export interface CompareSlice {
  cmpA: string | null;
  cmpB: string | null;
  /** Tasks whose taskhash/unihash differ (from the index: instant). */
  cmpRows: BuildComparison | null;
  cmpRowsStatus: LoadStatus;
  cmpRowsError: ErrorInfo | null;
  /** The same tasks explained by signature, grouped by root cause (a job: reads sig files). */
  cmpCauses: RootCauseComparison | null;
  cmpCausesStatus: LoadStatus;
  cmpCausesError: ErrorInfo | null;
  cmpJobId: string | null;
  /** Compares build a (older) with build b (newer): both answers, each as soon as it is ready. */
  compareBuilds(a: string, b: string): Promise<void>;
  cancelCompare(): Promise<void>;
}

/** Build comparison: the index answer first, then root causes as a cancellable job. */
export const createCompareSlice =
  ({ api, newJobId }: SliceDeps): StateCreator<AppState, [], [], CompareSlice> =>
  (set, get) => {
    let latest = 0;
    return {
      cmpA: null,
      cmpB: null,
      cmpRows: null,
      cmpRowsStatus: 'idle',
      cmpRowsError: null,
      cmpCauses: null,
      cmpCausesStatus: 'idle',
      cmpCausesError: null,
      cmpJobId: null,

      async compareBuilds(a, b) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return;
        const mine = ++latest;
        const jobId = newJobId('compare');
        set({
          cmpA: a,
          cmpB: b,
          cmpRows: null,
          cmpCauses: null,
          cmpRowsStatus: 'loading',
          cmpCausesStatus: 'loading',
          cmpRowsError: null,
          cmpCausesError: null,
          cmpJobId: jobId,
        });
        const rows = api['workspace.compareBuilds']({ workspaceId, a, b }).then(
          (r) => mine === latest && set({ cmpRows: r, cmpRowsStatus: 'ready' }),
          (err: unknown) =>
            mine === latest && set({ cmpRowsStatus: 'error', cmpRowsError: toErrorInfo(err) }),
        );
        const causes = api['analysis.compareBuilds']({ workspaceId, a, b, jobId }).then(
          (r) => mine === latest && set({ cmpCauses: r, cmpCausesStatus: 'ready', cmpJobId: null }),
          (err: unknown) =>
            mine === latest &&
            set({ cmpCausesStatus: 'error', cmpCausesError: toErrorInfo(err), cmpJobId: null }),
        );
        await Promise.all([rows, causes]);
      },

      async cancelCompare() {
        const jobId = get().cmpJobId;
        if (jobId) await api['job.cancel']({ jobId });
      },
    };
  };
