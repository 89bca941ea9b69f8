import type { StateCreator } from 'zustand/vanilla';
import type { AppState, JobsSlice, SliceDeps } from '../types';

/** Long jobs in flight, fed by events; cancel goes through the API. */
export const createJobsSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], JobsSlice> =>
  (set) => ({
    jobs: {},
    jobProgress({ jobId, method, progress }) {
      set((s) => ({ jobs: { ...s.jobs, [jobId]: { jobId, method, progress } } }));
    },
    jobFinished({ jobId }) {
      set((s) => {
        const { [jobId]: _done, ...rest } = s.jobs;
        return { jobs: rest };
      });
    },
    async cancelJob(jobId) {
      await api['job.cancel']({ jobId });
    },
  });
