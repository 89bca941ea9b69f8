import type { StateCreator } from 'zustand/vanilla';
import type { OuthashParams } from '../../../shared/contract/api-schemas';
import type { MethodOutput } from '../../../shared/contract/methods';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';
import { parseDepsigHeader } from './depsig-header';

/** What to compute: a tree or archive, optionally diffed against a depsig/archive and verified. */
export interface OuthashRequest {
  path: string;
  params: OuthashParams;
  /** A depsig file or another archive/directory to diff against. */
  compareWith?: string;
  /** The recorded outhash to verify against. */
  expected?: string;
  /** Who wrote `compareWith`, when it came from a workspace task (named in the verdict). */
  compareFrom?: string;
  /** Where `expected` was recorded, when it came from a workspace task (absent: typed by hand). */
  expectedFrom?: string;
}

/** The form values a workspace task suggests (from its files and reports). */
export interface OuthashPrefill {
  key: string;
  label: string;
  path: string;
  compareWith: string;
  expected: string;
  /** `written by zlib:do_populate_sysroot in build b1` ('' without a depsig). */
  compareFrom: string;
  /** `zlib:do_populate_sysroot in hashserv.db (build b1)` ('' without a recorded outhash). */
  expectedFrom: string;
  task: string;
  /** From the depsig header, so the recomputation uses the recorded inputs. */
  pkgspec: string;
  hashVersion: string;
  extraSigdata: string;
}

/** The Outhash view: a request, its result (with sigtext lines), the diff, the verification. */
export interface OuthashSlice {
  ohRequest: OuthashRequest | null;
  ohResult: MethodOutput<'outhash.compute'> | null;
  ohDiff: MethodOutput<'outhash.diff'> | null;
  ohStatus: LoadStatus;
  ohError: ErrorInfo | null;
  /** Which step failed: computing the outhash of `path`, or diffing against `compareWith`. */
  ohErrorStep: 'compute' | 'diff' | null;
  /** The job in flight (its progress is in `jobs`). */
  ohJobId: string | null;
  ohPrefill: OuthashPrefill | null;
  ohPrefillError: ErrorInfo | null;
  runOuthash(req: OuthashRequest): Promise<void>;
  cancelOuthash(): Promise<void>;
  /** Fills the form from a task row of the workspace (sstate archive, depsig, recorded outhash). */
  prefillOuthashFromTask(key: string): Promise<void>;
  /** Finds the first task row matching a search (recipe/task/hash) that has outhash files, and prefills from it. */
  findOuthashTask(search: string): Promise<void>;
}

/** Outhash computation as jobs: compute (with lines), then the diff when asked. */
export const createOuthashSlice =
  ({ api, newJobId }: SliceDeps): StateCreator<AppState, [], [], OuthashSlice> =>
  (set, get) => {
    let latest = 0;
    return {
      ohRequest: null,
      ohResult: null,
      ohDiff: null,
      ohStatus: 'idle',
      ohError: null,
      ohErrorStep: null,
      ohJobId: null,
      ohPrefill: null,
      ohPrefillError: null,

      async runOuthash(req) {
        const mine = ++latest;
        const jobId = newJobId('outhash');
        let step: 'compute' | 'diff' = 'compute';
        set({
          ohRequest: req,
          ohStatus: 'loading',
          ohError: null,
          ohErrorStep: null,
          ohResult: null,
          ohDiff: null,
          ohJobId: jobId,
        });
        try {
          const result = await api['outhash.compute']({
            path: req.path,
            params: req.params,
            lines: true,
            jobId,
          });
          if (mine !== latest) return;
          set({ ohResult: result });
          if (req.compareWith) {
            step = 'diff';
            const diffJob = newJobId('outhash-diff');
            set({ ohJobId: diffJob });
            const diff = await api['outhash.diff']({
              a: req.compareWith,
              b: req.path,
              params: req.params,
              jobId: diffJob,
            });
            if (mine !== latest) return;
            set({ ohDiff: diff });
          }
          set({ ohStatus: 'ready', ohJobId: null });
        } catch (err) {
          if (mine === latest) {
            set({ ohStatus: 'error', ohError: toErrorInfo(err), ohErrorStep: step, ohJobId: null });
          }
        }
      },

      async cancelOuthash() {
        const jobId = get().ohJobId;
        if (jobId) await api['job.cancel']({ jobId });
      },

      async findOuthashTask(search) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId || !search.trim()) return;
        try {
          const page = await api['tasks.query']({
            workspaceId,
            query: { search: search.trim(), limit: 200 },
          });
          const row =
            page.rows.find((r) => r.depsig && r.sstate) ?? page.rows.find((r) => r.depsig || r.sstate);
          if (!row) {
            set({
              ohPrefillError: {
                code: 'NOT_FOUND',
                message: `No task matching "${search.trim()}" has a depsig file or an sstate archive`,
              },
            });
            return;
          }
          await get().prefillOuthashFromTask(row.key);
        } catch (err) {
          set({ ohPrefillError: toErrorInfo(err) });
        }
      },

      async prefillOuthashFromTask(key) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return;
        try {
          const d = await api['tasks.detail']({ workspaceId, key });
          const file = (kind: string) => d.files.find((f) => f.kind === kind)?.path ?? '';
          const task = (d.row.task ?? '').replace(/^do_/, '');
          const depsig = file('depsig');
          // The depsig header holds the inputs the build used (version, pkgspec, extra sigdata).
          const header = depsig
            ? parseDepsigHeader(
                (
                  await api['outhash.compute']({
                    path: depsig,
                    params: { task: task || 'unknown' },
                    lines: true,
                  })
                ).lines ?? [],
              )
            : {};
          const label = `${d.row.pn ?? '?'}:${d.row.task ?? '?'}`;
          const expected = d.row.outhashes[0] ?? d.reports[0]?.outhash ?? '';
          // The recorded outhashes come from the workspace's hashserv.db reports of this taskhash.
          const report = d.reports.find((r) => r.outhash === expected);
          const db = report ? (report.source.split(/[\\/]/).pop() ?? report.source) : 'hashserv.db';
          set({
            ohPrefill: {
              key,
              label,
              path: file('sstate'),
              compareWith: depsig,
              expected,
              compareFrom: depsig ? `written by ${label} in build ${d.row.buildLabel}` : '',
              expectedFrom: expected ? `${label} in ${db} (build ${d.row.buildLabel})` : '',
              task: header.task ?? task,
              pkgspec: header.pkgspec ?? '',
              hashVersion: header.hashVersion ?? '',
              extraSigdata: header.extraSigdata ?? '',
            },
            ohPrefillError: null,
          });
        } catch (err) {
          set({ ohPrefillError: toErrorInfo(err) });
        }
      },
    };
  };
