import type { StateCreator } from 'zustand/vanilla';
import type { ServerInfo, ServerTarget } from '../../../shared/contract/api-schemas';
import type { ServerStatsInfo } from '../../../shared/contract/server-stats-schema';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { ReportOutcome, ReportPreview, SyncSummary } from '../../../shared/model/server-sync';
import type { AppState, SliceDeps } from '../../state/types';

/** Where one server step stands (each step has its own, so an error names the step). */
export type ServerStep =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: string | null }
  | { kind: 'done' }
  | { kind: 'error'; error: ErrorInfo };

/** The comparison kept on screen: only the summary (the per-row answers fill the task table). */
export interface ServerComparison {
  server: string;
  checkedAt: string;
  summary: SyncSummary;
}

/** The Server view: the connection, the workspace comparison, and the two-step report. */
export interface ServerSlice {
  /** The server we talk to (its token stays in memory only, never in a link). */
  serverTarget: ServerTarget | null;
  serverInfo: ServerInfo | null;
  serverConnect: ServerStep;
  /** The server's request statistics (get-stats), fetched after connecting. */
  serverStats: ServerStatsInfo | null;
  serverComparison: ServerComparison | null;
  serverCompare: ServerStep;
  serverPreview: ReportPreview | null;
  serverPreviewStep: ServerStep;
  serverOutcome: ReportOutcome | null;
  serverReportStep: ServerStep;
  /** Connects (ping + who am I), then reads the server's statistics. */
  connectServer(target: ServerTarget): Promise<void>;
  compareWithServer(): Promise<void>;
  previewReport(): Promise<void>;
  /** Sends exactly what the preview showed; the confirmation is the preview's. */
  confirmReport(): Promise<void>;
  discardPreview(): void;
  cancelServerJob(): Promise<void>;
  disconnectServer(): void;
}

const idle: ServerStep = { kind: 'idle' };

/** Hash equivalence server actions; long ones are jobs with progress and cancel. */
export const createServerSlice =
  ({ api, newJobId }: SliceDeps): StateCreator<AppState, [], [], ServerSlice> =>
  (set, get) => {
    const need = () => {
      const s = get();
      if (!s.serverTarget) throw new Error('Connect to a server first');
      if (!s.activeWorkspaceId) throw new Error('Open a build first: the workspace is what is compared');
      return { server: s.serverTarget, workspaceId: s.activeWorkspaceId };
    };
    const running = (): string | null => {
      const s = get();
      for (const st of [s.serverCompare, s.serverPreviewStep, s.serverReportStep])
        if (st.kind === 'running' && st.jobId) return st.jobId;
      return null;
    };

    return {
      serverTarget: null,
      serverInfo: null,
      serverConnect: idle,
      serverStats: null,
      serverComparison: null,
      serverCompare: idle,
      serverPreview: null,
      serverPreviewStep: idle,
      serverOutcome: null,
      serverReportStep: idle,

      async connectServer(target) {
        set({ serverConnect: { kind: 'running', jobId: null } });
        try {
          const info = await api['server.connect']({ server: target });
          set({ serverTarget: target, serverInfo: info, serverConnect: { kind: 'done' } });
          // Statistics are a bonus: some servers refuse get-stats to anonymous users.
          const stats = await api['server.stats']({ server: target }).catch(() => null);
          set({ serverStats: stats });
        } catch (err) {
          set({
            serverConnect: { kind: 'error', error: toErrorInfo(err) },
            serverInfo: null,
            serverStats: null,
          });
        }
      },

      disconnectServer() {
        set({
          serverTarget: null,
          serverInfo: null,
          serverStats: null,
          serverConnect: idle,
          serverPreview: null,
          serverPreviewStep: idle,
          serverReportStep: idle,
        });
      },

      async compareWithServer() {
        const jobId = newJobId('server-compare');
        set({ serverCompare: { kind: 'running', jobId } });
        try {
          const r = await api['server.compare']({ ...need(), jobId });
          set({
            serverComparison: { server: r.server, checkedAt: r.checkedAt, summary: r.summary },
            serverCompare: { kind: 'done' },
          });
        } catch (err) {
          set({ serverCompare: { kind: 'error', error: toErrorInfo(err) } });
        }
      },

      async previewReport() {
        const jobId = newJobId('server-preview');
        set({ serverPreviewStep: { kind: 'running', jobId }, serverPreview: null, serverOutcome: null });
        try {
          const preview = await api['server.reportPreview']({ ...need(), jobId });
          set({ serverPreview: preview, serverPreviewStep: { kind: 'done' } });
        } catch (err) {
          set({ serverPreviewStep: { kind: 'error', error: toErrorInfo(err) } });
        }
      },

      async confirmReport() {
        const preview = get().serverPreview;
        if (!preview) return;
        const jobId = newJobId('server-report');
        set({ serverReportStep: { kind: 'running', jobId } });
        try {
          const outcome = await api['server.report']({
            ...need(),
            confirmation: preview.confirmation,
            jobId,
          });
          set({
            serverOutcome: outcome,
            serverReportStep: { kind: 'done' },
            serverPreview: null,
            serverPreviewStep: idle,
          });
        } catch (err) {
          set({ serverReportStep: { kind: 'error', error: toErrorInfo(err) } });
        }
      },

      discardPreview() {
        set({ serverPreview: null, serverPreviewStep: idle });
      },

      async cancelServerJob() {
        const jobId = running();
        if (jobId) await api['job.cancel']({ jobId });
      },
    };
  };
