/**
 * The handler table: each contract method mapped onto the engine. Handlers are thin: they look
 * up the workspace, run long work as a job (progress events, cancel), and shape the answer.
 */
import type { AppInfo } from '../../../shared/contract/api-schemas';
import { InspectorError } from '../../../shared/model/errors';
import type { ServerStatus } from '../../../shared/model/tasks';
import { diffSigData, sigDiffIsEmpty } from '../../../shared/model/sig-diff';
import type { Handlers } from '../../../shared/rpc/dispatcher';
import type { Engine, EngineWorkspace } from './engine';
import { need } from './engine';
import type { Emit } from './event-hub';
import { exportTasks } from './export-tasks';
import { completePath } from './fs-complete';
import type { JobRegistry } from './jobs';
import { diffOuthashLines } from './outhash-diff';
import { createAnalysisHandlers } from './analysis-handlers';
import { createServerStatsHandler } from './server-stats-handler';
import { createRunsHandler } from './runs-handler';
import type { RecentStore, WorkspaceRegistry } from './workspace-registry';

/** What the handlers need from their host. */
export interface HandlerDeps {
  engine: Engine;
  workspaces: WorkspaceRegistry;
  jobs: JobRegistry;
  recent: RecentStore;
  emit: Emit;
  app: AppInfo;
}

/** Per-call context given by the front door (unused by most handlers; kept for logs). */
export interface CallContext {
  /** Which front door and peer made the call, e.g. 'ipc', 'http 127.0.0.1'. */
  caller?: string;
}

function labelFor(paths: string[], label: string | undefined): string {
  if (label) return label;
  const first = paths[0] ?? 'build';
  const base =
    first
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() || first;
  return paths.length > 1 ? `${base} (+${paths.length - 1})` : base;
}

/** Why `app.choosePaths` fails outside the desktop app. */
export const NO_NATIVE_DIALOG =
  'A browser cannot open a native file dialog on the serving machine; type a path instead.';

/** Builds the complete handler table over an engine. */
export function createHandlers(deps: HandlerDeps): Handlers<CallContext> {
  const { engine, workspaces, jobs, recent, emit } = deps;

  const opened = (ws: EngineWorkspace, paths: string[], label: string) => {
    workspaces.add(ws);
    recent.remember(paths, label);
    emit('workspace.changed', { workspaceId: ws.id, reason: 'opened' });
    return ws.summary();
  };

  return {
    'app.info': () => deps.app,
    'app.choosePaths': () => {
      // Only the desktop shell can show a native dialog, and it answers this call itself (main
      // process). Here (web mode, the CLI) there is no screen to show one on: refuse at once.
      throw new InspectorError('UNSUPPORTED', NO_NATIVE_DIALOG, { entry: 'app.choosePaths' });
    },

    'workspace.open': ({ paths, label, jobId }) =>
      jobs.run('workspace.open', jobId, async ({ signal, onProgress }) => {
        const open = need(
          engine,
          'openWorkspace',
          'the workspace index (electron/services/workspace openWorkspace)',
        );
        const name = labelFor(paths, label);
        const ws = await open(paths, { signal, onProgress, label: name });
        return opened(ws, paths, name);
      }),

    'workspace.openDemo': ({ jobId }) =>
      jobs.run('workspace.openDemo', jobId, async ({ signal, onProgress }) => {
        const demo = await need(engine, 'ensureDemoBuild', 'the demo build (workspace ensureDemoBuild)')();
        const open = need(
          engine,
          'openWorkspace',
          'the workspace index (electron/services/workspace openWorkspace)',
        );
        const ws = await open([demo], { signal, onProgress, label: 'demo' });
        return opened(ws, [demo], 'demo');
      }),

    'workspace.addBuild': ({ workspaceId, paths, label, jobId }) =>
      jobs.run('workspace.addBuild', jobId, async ({ signal, onProgress }) => {
        const ws = workspaces.get(workspaceId);
        await ws.addBuild(paths, { signal, onProgress, label: labelFor(paths, label) });
        emit('workspace.changed', { workspaceId, reason: 'build-added' });
        return ws.summary();
      }),

    'workspace.close': ({ workspaceId }) => {
      const closed = workspaces.close(workspaceId);
      if (closed) emit('workspace.changed', { workspaceId, reason: 'closed' });
      return { closed };
    },

    'workspace.list': () => workspaces.list().map((ws) => ws.summary()),
    'workspace.summary': ({ workspaceId }) => workspaces.get(workspaceId).summary(),
    'workspace.recent': () => recent.list(),
    'workspace.compareBuilds': ({ workspaceId, a, b }) => workspaces.get(workspaceId).compareBuilds(a, b),

    'sources.list': ({ workspaceId, status }) =>
      workspaces
        .get(workspaceId)
        .summary()
        .builds.flatMap((b) => b.sources.map((source) => ({ build: b.id, buildLabel: b.label, source })))
        .filter((e) => status === undefined || e.source.status === status),

    'tasks.query': ({ workspaceId, query }) => workspaces.get(workspaceId).queryTasks(query),
    'tasks.count': ({ workspaceId, query }) => ({
      total: workspaces.get(workspaceId).queryTasks({ ...query, offset: 0, limit: 1 }).total,
    }),
    'tasks.facets': ({ workspaceId, query }) => workspaces.get(workspaceId).facets(query),
    'tasks.export': ({ workspaceId, query, format, jobId }) =>
      jobs.run('tasks.export', jobId, async (job) =>
        exportTasks(workspaces.get(workspaceId), query, format, job),
      ),
    'tasks.detail': ({ workspaceId, key }) => workspaces.get(workspaceId).task(key),
    'classes.query': ({ workspaceId, query }) => workspaces.get(workspaceId).classes(query),

    'siginfo.read': ({ path }) =>
      need(
        engine,
        'readSigFile',
        'the sig file reader (electron/services/sources/siginfo readSigFile)',
      )(path),
    'siginfo.diff': async ({ a, b }) => {
      const read = need(
        engine,
        'readSigFile',
        'the sig file reader (electron/services/sources/siginfo readSigFile)',
      );
      const [fa, fb] = await Promise.all([read(a), read(b)]);
      const diff = diffSigData(fa.data, fb.data);
      return { a: fa, b: fb, identical: sigDiffIsEmpty(diff), diff };
    },

    'outhash.compute': ({ path, params, lines, jobId }) =>
      jobs.run('outhash.compute', jobId, async (job) => {
        const r = await need(engine, 'computeOuthash', 'the outhash engine (electron/services/outhash)')(
          path,
          params,
          job,
        );
        return lines ? r : { path: r.path, input: r.input, outhash: r.outhash, entries: r.entries };
      }),
    'outhash.verify': ({ path, params, expected, jobId }) =>
      jobs.run('outhash.verify', jobId, async (job) => {
        const r = await need(engine, 'computeOuthash', 'the outhash engine (electron/services/outhash)')(
          path,
          params,
          job,
        );
        const result = { path: r.path, input: r.input, outhash: r.outhash, entries: r.entries };
        return { result, expected, matches: r.outhash === expected };
      }),
    'outhash.diff': ({ a, b, params, jobId }) =>
      jobs.run('outhash.diff', jobId, async (job) => {
        const compute = need(engine, 'computeOuthash', 'the outhash engine (electron/services/outhash)');
        // One after the other: each already uses the hash worker pool to the full.
        const ra = await compute(a, params, job);
        const rb = await compute(b, params, job);
        const strip = (r: typeof ra) => ({
          path: r.path,
          input: r.input,
          outhash: r.outhash,
          entries: r.entries,
        });
        return {
          a: strip(ra),
          b: strip(rb),
          same: ra.outhash === rb.outhash,
          ...diffOuthashLines(ra.lines, rb.lines),
        };
      }),

    'server.connect': ({ server }) =>
      jobs.run('server.connect', undefined, (job) =>
        need(
          engine,
          'connectServer',
          'the hash equivalence client (electron/services/hashserv)',
        )(server, job),
      ),
    'server.compare': ({ workspaceId, server, build, jobId }) =>
      jobs.run('server.compare', jobId, async (job) => {
        const ws = workspaces.get(workspaceId);
        const sync = need(engine, 'syncWithServer', 'the server sync (electron/services/hashserv sync)');
        const result = await sync(ws, server, { ...job, ...(build !== undefined ? { build } : {}) });
        ws.setServerStatus(
          Object.fromEntries(result.tasks.map((t): [string, ServerStatus] => [t.key, t.status])),
        );
        emit('workspace.changed', { workspaceId, reason: 'server-status' });
        return result;
      }),
    'server.reportPreview': ({ workspaceId, server, build, keys, jobId }) =>
      jobs.run('server.reportPreview', jobId, (job) =>
        need(engine, 'previewReport', 'the report preview (electron/services/hashserv)')(
          workspaces.get(workspaceId),
          server,
          {
            ...job,
            ...(build !== undefined ? { build } : {}),
            ...(keys !== undefined ? { keys } : {}),
          },
        ),
      ),
    'server.report': ({ workspaceId, server, confirmation, jobId }) =>
      jobs.run('server.report', jobId, (job) =>
        need(engine, 'sendReport', 'the confirmed report (electron/services/hashserv)')(
          workspaces.get(workspaceId),
          server,
          confirmation,
          job,
        ),
      ),
    'server.forgetToken': () => {
      // Tokens are only ever kept by the desktop shell (safeStorage), which answers this call
      // itself; an engine without a shell keeps none.
      return { forgotten: false };
    },

    'fs.complete': ({ prefix }) => completePath(prefix),

    'job.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),

    ...createAnalysisHandlers({ engine, workspaces, jobs }),
    ...createServerStatsHandler(),
    ...createRunsHandler({ workspaces }),
  };
}
