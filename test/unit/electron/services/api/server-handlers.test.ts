import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultEngine, type ApiHost } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import type { SyncResult, WorkspaceSummary } from '../../../../../shared/contract';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';

let api: ApiHost;
let server: FakeServer;
let ws: WorkspaceSummary;

beforeAll(async () => {
  const build = path.join(mkdtempSync(path.join(tmpdir(), 'hashequiv-api-')), 'builddir');
  cpSync(FIXTURE_BUILDDIR, build, { recursive: true, verbatimSymlinks: true });
  // The build's own local server database: the "shared server" knows exactly what the build knows.
  server = await startFakeServer({
    transport: 'tcp',
    copyDb: path.join(build, 'cache', 'hashserv.db'),
    authFailDelayMs: 0,
  });
  api = createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '0.1.0'),
    validateOutput: true,
    log: () => {},
  });
  const r = await api.dispatch('workspace.open', { paths: [build] }, {});
  if (!r.ok) throw new Error(r.error.message);
  ws = r.value as WorkspaceSummary;
}, 60_000);

afterAll(async () => {
  api?.close();
  await server?.close();
});

describe('server handlers over the real engine and the stand-in server', () => {
  it('connects (ping, user) and reports the address', async () => {
    const r = await api.dispatch('server.connect', { server: { address: server.address } }, {});
    expect(r.ok && r.value).toMatchObject({ address: server.address, version: null });
  });

  it('compares a real build with a server holding its own database, and fills the server column', async () => {
    const r = await api.dispatch(
      'server.compare',
      { workspaceId: ws.id, server: { address: server.address } },
      {},
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sync = r.value as SyncResult;
    expect(sync.server).toBe(server.address);
    expect(sync.summary.total).toBe(sync.tasks.length);
    expect(sync.summary.same).toBeGreaterThan(0);
    expect(sync.summary.same + sync.summary.different + sync.summary.unknown + sync.summary.serverOnly).toBe(
      sync.summary.total,
    );
    // Every row the server answered "same" now says so in the task table.
    const same = await api.dispatch(
      'tasks.count',
      { workspaceId: ws.id, query: { filters: ['differs'] } },
      {},
    );
    expect(same).toEqual({ ok: true, value: { total: sync.summary.different } });
  });

  it('previews a report read-only: everything is already known to that server', async () => {
    const r = await api.dispatch(
      'server.reportPreview',
      { workspaceId: ws.id, server: { address: server.address } },
      {},
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const preview = r.value as { items: Array<{ prediction: string }>; toSend: number };
    expect(preview.items).toHaveLength(46);
    expect(preview.toSend).toBe(0);
    expect(new Set(preview.items.map((i) => i.prediction))).toEqual(new Set(['known']));
  });

  it('refuses a report without a preview it made', async () => {
    const r = await api.dispatch(
      'server.report',
      { workspaceId: ws.id, server: { address: server.address }, confirmation: 'made-up' },
      {},
    );
    expect(r.ok || r.error.code).toBe('INVALID_INPUT');
  });
});
