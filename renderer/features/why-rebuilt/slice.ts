import { splitTaskId } from '../../../shared/model/task-id';
import type { StateCreator } from 'zustand/vanilla';
import type { TaskExplanationInfo } from '../../../shared/contract/analysis-schemas';
import type { MethodOutput } from '../../../shared/contract/methods';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { TaskRow } from '../../../shared/model/tasks';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';
import type { RowFacts } from './miss-reasons';

/** What to compare: two sig files (any two tasks), or one task against another build / its previous run. */
export type WhyRequest =
  { mode: 'files'; a: string; b: string } | { mode: 'task'; build: string; task: string; against?: string };

/** The answer on screen. */
export type WhyResult =
  | { mode: 'files'; value: MethodOutput<'siginfo.diff'> }
  | { mode: 'task'; value: TaskExplanationInfo; facts: RowFacts };

/** The Why rebuilt view: one request, its answer, and where it stands. */
export interface WhySlice {
  whyRequest: WhyRequest | null;
  whyResult: WhyResult | null;
  whyStatus: LoadStatus;
  whyError: ErrorInfo | null;
  /** Runs a comparison (a newer request replaces an older one still in flight). */
  runWhy(req: WhyRequest): Promise<void>;
  clearWhy(): void;
}

/** Signature comparison: siginfo.diff for two files, analysis.explainTask for a task. */
export const createWhySlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], WhySlice> =>
  (set, get) => {
    let latest = 0;

    /** The table rows of the two signatures' taskhashes (for the cache-side reasons). */
    const rowFacts = async (
      build: string,
      against: string | undefined,
      x: TaskExplanationInfo,
    ): Promise<RowFacts> => {
      const workspaceId = get().activeWorkspaceId;
      const cw = x.comparedWith;
      if (!workspaceId || !cw?.summary) return { current: null, previous: null };
      const { mc, pn, task } = splitTaskId(x.task);
      const rowsOf = async (b: string) =>
        (await api['tasks.query']({ workspaceId, query: { build: b, recipe: pn, task, mc, limit: 200 } }))
          .rows;
      const find = (rows: TaskRow[], th: string | undefined) =>
        rows.find((r) => th && r.taskhash === th) ?? null;
      // In "previous-in-build" mode the summary is the older run; against a build, it is that build's.
      if (cw.kind === 'previous-in-build') {
        const rows = await rowsOf(build);
        return { current: find(rows, x.current.taskhash), previous: find(rows, cw.summary.taskhash) };
      }
      const [mine, theirs] = await Promise.all([rowsOf(build), rowsOf(against ?? build)]);
      // explainTask compares "this build" (a) with "against" (b): b is the newer side here.
      return { current: find(theirs, cw.summary.taskhash), previous: find(mine, x.current.taskhash) };
    };

    return {
      whyRequest: null,
      whyResult: null,
      whyStatus: 'idle',
      whyError: null,

      clearWhy() {
        latest++;
        set({ whyRequest: null, whyResult: null, whyStatus: 'idle', whyError: null });
      },

      async runWhy(req) {
        const mine = ++latest;
        set({ whyRequest: req, whyStatus: 'loading', whyError: null });
        try {
          let result: WhyResult;
          if (req.mode === 'files') {
            result = { mode: 'files', value: await api['siginfo.diff']({ a: req.a, b: req.b }) };
          } else {
            const workspaceId = get().activeWorkspaceId;
            if (!workspaceId)
              throw new Error('Open a build first: a task is looked up in the open workspace');
            const value = await api['analysis.explainTask']({
              workspaceId,
              build: req.build,
              task: req.task,
              ...(req.against ? { against: req.against } : {}),
            });
            // Row facts are a bonus: a failure there must not hide the signature answer.
            const facts = await rowFacts(req.build, req.against, value).catch(() => ({
              current: null,
              previous: null,
            }));
            result = { mode: 'task', value, facts };
          }
          if (mine === latest) set({ whyResult: result, whyStatus: 'ready' });
        } catch (err) {
          if (mine === latest) set({ whyResult: null, whyStatus: 'error', whyError: toErrorInfo(err) });
        }
      },
    };
  };
