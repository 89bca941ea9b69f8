/**
 * The one API contract between the engine and its three front doors (Electron, web, CLI).
 * See methods.ts (calls), events.ts (pushes), and shared/rpc for the envelope and dispatcher.
 */
export * from './methods';
export * from './events';
export * from './api-schemas';
export * from './domain-schemas';

/** The IPC channel that carries every call in Electron (one channel, the method name inside). */
export const IPC_CALL_CHANNEL = 'hashequiv:call';
/** The IPC channel that carries every event to the renderer in Electron. */
export const IPC_EVENT_CHANNEL = 'hashequiv:event';
/** The HTTP path prefix of calls in web mode: `POST /rpc/<method>`. */
export const HTTP_RPC_PREFIX = '/rpc/';
/** The WebSocket path of events in web mode. */
export const WS_EVENTS_PATH = '/events';
export * from './csp';
export * from './bridge';

// The domain types that cross the API, so callers import one module (their schemas and
// functions stay in shared/model).
export type {
  BuildComparison,
  BuildSummary,
  ClassPage,
  ClassQuery,
  ClassQueryInput,
  EquivalenceClass,
  ServerStatus,
  TaskDetail,
  TaskFacets,
  TaskFilter,
  TaskOutcome,
  TaskPage,
  TaskQuery,
  TaskQueryInput,
  TaskRow,
  WorkspaceSummary,
} from '../model/tasks';
export type {
  ReportOutcome,
  ReportPreview,
  SyncResult,
  SyncSummary,
  SyncTaskResult,
} from '../model/server-sync';
export type { SigData, SigFile } from '../model/sigdata';
export type { SigDiff } from '../model/sig-diff';
export type { SourceInfo } from '../model/sources';
export type { ErrorInfo } from '../model/errors';
export type { Progress } from '../model/progress';
