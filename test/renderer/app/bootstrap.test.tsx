import { waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { appInfo } from '../../../electron/services/api/app-info';
import { createApi } from '../../../electron/services/api/create-api';
import type { Engine } from '../../../electron/services/api/engine';
import { METHOD_NAMES, type InspectorBridge } from '../../../shared/contract';
import { createRendererContext, type RendererContext } from '../../../renderer/app/context';
import { fakeWorkspace, taskRow } from '../../helpers/fake-workspace';

const rows = Array.from({ length: 150 }, (_, i) =>
  taskRow({
    pn: i % 2 ? `recipe-${i}` : `zlib-${i}`,
    task: 'do_compile',
    taskhash: i.toString(16).padStart(64, '0'),
  }),
);

/** A bridge like the preload's, over the real API layer with an in-memory workspace. */
function installBridge(engine: Engine) {
  const api = createApi({
    engine,
    app: appInfo('electron', '0.1.0'),
    validateOutput: true,
    progressThrottleMs: 0,
    log: () => {},
  });
  const bridge = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (input: unknown) => api.dispatch(m, input, { caller: 'test' })]),
  );
  (window as unknown as { inspector: InspectorBridge }).inspector = {
    ...bridge,
    subscribe: (event: string, listener: (p: unknown) => void) =>
      api.events.subscribe((e, p) => e === event && listener(p)),
  } as unknown as InspectorBridge;
  return api;
}

let ctx: RendererContext | null = null;
afterEach(() => {
  ctx?.unbind();
  ctx = null;
  delete (window as unknown as { inspector?: unknown }).inspector;
});

describe('renderer bootstrap', () => {
  it('uses the preload bridge when present: info, opening as a job with progress, pages', async () => {
    const progress: unknown[] = [];
    installBridge({
      ensureDemoBuild: async () => '/demo/build',
      openWorkspace: async (_p, opts) => {
        opts.onProgress?.({ phase: 'index', done: 1, total: 2 });
        progress.push(structuredClone(ctx!.store.getState().jobs));
        return fakeWorkspace('ws-demo', rows);
      },
    });
    ctx = createRendererContext(window);
    expect(ctx.kind).toBe('electron');
    await waitFor(() => expect(ctx!.store.getState().info?.mode).toBe('electron'));

    const s = () => ctx!.store.getState();
    await s().openDemo();
    // The progress event reached the store through the events bound at start-up.
    expect(Object.values(progress[0] as object)).toMatchObject([
      { method: 'workspace.openDemo', progress: { phase: 'index', done: 1, total: 2 } },
    ]);
    expect(s().jobs).toEqual({}); // job.finished cleared it
    expect(s().activeWorkspaceId).toBe('ws-demo');
    await waitFor(() => expect(s().tableTotal).toBe(150));
    // Page 0 holds the first TABLE_PAGE (200) rows: all 150 here.
    expect(s().tablePages[0]).toHaveLength(150);
    expect(
      s()
        .tablePages[0]!.map((r) => r.pn)
        .slice(100, 102),
    ).toEqual(['zlib-100', 'recipe-101']);
    await s().setFilterText('zlib');
    expect(s().tableTotal).toBe(75);
    expect(s().recent).toEqual([{ paths: ['/demo/build'], label: 'demo', openedAt: expect.any(String) }]);
  });

  it('opens what the desktop shell asks for (app.openPaths from a menu or a drop)', async () => {
    const api = installBridge({ openWorkspace: async () => fakeWorkspace('ws-menu', rows.slice(0, 3)) });
    ctx = createRendererContext(window);
    api.events.emit('app.openPaths', { paths: ['/builds/x'], intent: 'open' });
    await waitFor(() => expect(ctx!.store.getState().tablePages[0]).toHaveLength(3));
    expect(ctx.store.getState().workspaces.map((w) => w.id)).toEqual(['ws-menu']);
  });

  it('keeps the engine error (code and message) when opening fails', async () => {
    installBridge({});
    ctx = createRendererContext(window);
    await ctx.store.getState().openDemo();
    const status = ctx.store.getState().openStatus;
    expect(status.kind).toBe('error');
    if (status.kind === 'error') {
      expect(status.error.code).toBe('UNSUPPORTED');
      expect(status.error.message).toContain('ensureDemoBuild');
    }
  });

  it('chooses web mode without a bridge and strips a token from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc&x=1');
    ctx = createRendererContext(window);
    expect(ctx.kind).toBe('web');
    expect(window.location.search).toBe('?x=1');
  });
});
