import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type ApiHost } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import type { ServerStatsInfo } from '../../../../../shared/contract/server-stats-schema';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';

let api: ApiHost;
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer({ transport: 'tcp', authFailDelayMs: 0 });
  api = createApi({ engine: {}, app: appInfo('web', '0.1.0'), validateOutput: true, log: () => {} });
});
afterAll(async () => {
  api?.close();
  await server?.close();
});

describe('server.stats', () => {
  it("reads the server's request statistics (get-stats counts the requests before it)", async () => {
    const first = await api.dispatch('server.stats', { server: { address: server.address } }, {});
    if (!first.ok) throw new Error(first.error.message);
    const second = await api.dispatch('server.stats', { server: { address: server.address } }, {});
    if (!second.ok) throw new Error(second.error.message);
    const a = (first.value as ServerStatsInfo).requests.num;
    const b = (second.value as ServerStatsInfo).requests.num;
    expect(b).toBeGreaterThan(a);
  });

  it('a closed port is an error with a code, not a hang', async () => {
    const r = await api.dispatch('server.stats', { server: { address: '127.0.0.1:1' } }, {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toMatch(/^[A-Z_]+$/);
  });
});
