/**
 * createApi: the dispatcher over the handler table, the event hub and jobs, over any engine.
 * Kept apart from index.ts so that code which brings its own engine (tests, the renderer's
 * tests) does not load the default engine and its Node-only modules.
 */
import type { AppInfo } from '../../../shared/contract/api-schemas';
import type { Dispatcher } from '../../../shared/rpc/dispatcher';
import { createDispatcher } from '../../../shared/rpc/dispatcher';
import type { Engine } from './engine';
import type { EventHub } from './event-hub';
import { createEventHub } from './event-hub';
import type { CallContext } from './handlers';
import { createHandlers } from './handlers';
import { JobRegistry } from './jobs';
import type { RecentStore } from './workspace-registry';
import { WorkspaceRegistry, createMemoryRecentStore } from './workspace-registry';

/** Options of createApi. */
export interface ApiOptions {
  engine: Engine;
  app: AppInfo;
  recent?: RecentStore;
  /** Check outputs against the contract (tests). */
  validateOutput?: boolean;
  /** Where INTERNAL errors are logged (default: stderr). */
  log?: (line: string) => void;
  /** Least time between two progress events of a job. */
  progressThrottleMs?: number;
}

/** A running API: call `dispatch`, forward `events`, `close` on shutdown. */
export interface ApiHost extends Dispatcher<CallContext> {
  events: EventHub;
  workspaces: WorkspaceRegistry;
  jobs: JobRegistry;
  close(): void;
}

/** Creates the API over an engine. */
export function createApi(options: ApiOptions): ApiHost {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const events = createEventHub((err) => log(`event listener failed: ${String(err)}`));
  const jobs = new JobRegistry(events.emit, { throttleMs: options.progressThrottleMs ?? 100 });
  const workspaces = new WorkspaceRegistry();
  const handlers = createHandlers({
    engine: options.engine,
    workspaces,
    jobs,
    recent: options.recent ?? createMemoryRecentStore(),
    emit: events.emit,
    app: options.app,
  });
  const dispatcher = createDispatcher(handlers, {
    validateOutput: options.validateOutput ?? false,
    onInternalError: (method, err) =>
      log(`internal error in ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  return {
    dispatch: (method, input, ctx) => dispatcher.dispatch(method, input, ctx),
    events,
    workspaces,
    jobs,
    close() {
      jobs.cancelAll();
      workspaces.closeAll();
    },
  };
}
