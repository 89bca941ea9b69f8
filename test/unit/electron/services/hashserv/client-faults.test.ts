import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import {
  startFakeServer,
  type FakeServer,
  type FakeServerOptions,
} from '../../../../fake-server/fake-server';
import { HashservClient, type HashservClientOptions } from '../../../../../electron/services/hashserv/client';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
/** Every fault test must end (with its error) well within this. */
const BOUND_MS = 5000;

let server: FakeServer | undefined;
let client: HashservClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function setup(
  transport: FakeServerOptions['transport'],
  serverOpts: Partial<FakeServerOptions>,
  clientOpts: HashservClientOptions = {},
): Promise<HashservClient> {
  server = await startFakeServer({ transport, copyDb: path.join(FIXTURES, 'hashserv.db'), ...serverOpts });
  client = new HashservClient(server.address, {
    replyTimeoutMs: 5000,
    backoffMs: 5,
    retries: 0,
    ...clientOpts,
  });
  return client;
}

const queries = (n: number): Array<{ method: string; taskhash: string }> =>
  Array.from({ length: n }, (_, i) => ({
    method: M,
    taskhash: i === 0 ? ZLIB : i.toString(16).padStart(64, '0'),
  }));

/** Runs `p` and returns its rejection plus how long it took. */
async function failure(p: Promise<unknown>): Promise<{ err: { code: string; message: string }; ms: number }> {
  const t0 = Date.now();
  try {
    await p;
  } catch (err) {
    return { err: err as { code: string; message: string }, ms: Date.now() - t0 };
  }
  throw new Error('expected a failure');
}

for (const transport of ['tcp', 'unix', 'ws'] as const) {
  describe(`faults over ${transport}: each gives its documented error, in bounded time`, () => {
    it('server closes mid-stream: CONNECTION, saying how far it got', async () => {
      const c = await setup(transport, { fault: { kind: 'close', after: 51 } });
      const { err, ms } = await failure(c.lookupTaskhashes(queries(1000)));
      expect(err.code).toBe('CONNECTION');
      expect(err.message).toContain('after 50 of 1000 stream answers');
      expect(ms).toBeLessThan(BOUND_MS);
    });

    it('a close on the first connection only: reconnects, resumes and completes', async () => {
      const c = await setup(
        transport,
        { fault: { kind: 'close', after: 51, connections: 1 } },
        { retries: 3 },
      );
      const got = await c.lookupTaskhashes(queries(1000));
      expect(got[0]).toBe(ZLIB);
      expect(got.filter((u) => u !== null)).toHaveLength(1);
      expect(server?.connections()).toBe(2);
    });

    it('server stalls: TIMEOUT after the reply timeout', async () => {
      const c = await setup(transport, { fault: { kind: 'stall', after: 10 } }, { replyTimeoutMs: 300 });
      const { err, ms } = await failure(c.lookupTaskhashes(queries(100)));
      expect(err.code).toBe('TIMEOUT');
      expect(err.message).toContain('within 300 ms');
      expect(ms).toBeLessThan(BOUND_MS);
    });

    it('server stalls on every connection: retries are bounded too', async () => {
      const c = await setup(
        transport,
        { fault: { kind: 'stall', after: 0 } },
        { retries: 2, replyTimeoutMs: 300 },
      );
      const { err, ms } = await failure(c.ping());
      expect(err.code).toBe('TIMEOUT');
      expect(server?.connections()).toBe(3);
      expect(ms).toBeLessThan(BOUND_MS);
    });

    it('server sends garbage: PROTOCOL', async () => {
      const c = await setup(transport, { fault: { kind: 'garbage', after: 0 } });
      const { err } = await failure(c.get(M, ZLIB));
      expect(err.code).toBe('PROTOCOL');
    });

    it('server answers text that is not JSON: PROTOCOL', async () => {
      const c = await setup(transport, { fault: { kind: 'not-json', after: 0 } });
      const { err } = await failure(c.get(M, ZLIB));
      expect(err.code).toBe('PROTOCOL');
      expect(err.message).toContain('not JSON');
    });

    it('server sends an oversized line: TOO_LARGE', async () => {
      const c = await setup(
        transport,
        { fault: { kind: 'oversized', after: 0 } },
        { maxMessageBytes: 100 * 1024 },
      );
      const { err } = await failure(c.get(M, ZLIB));
      expect(err.code).toBe('TOO_LARGE');
    });

    it('server speaks only OEHASHEQUIV 1.0: PROTOCOL naming the version', async () => {
      const c = await setup(transport, { acceptVersion: (v) => v[0] === 1 && v[1] === 0 }, { retries: 2 });
      const { err } = await failure(c.ping());
      expect(err.code).toBe('PROTOCOL');
      expect(err.message).toContain('does not accept OEHASHEQUIV 1.1');
      expect(server?.connections()).toBe(1); // not retried: another try cannot help
    });

    it('server refuses permission: PERMISSION_DENIED with the server message', async () => {
      const c = await setup(transport, { anonPerms: '@none' });
      const { err } = await failure(c.lookupTaskhashes(queries(3)));
      expect(err.code).toBe('PERMISSION_DENIED');
      expect(err.message).toContain('Anonymous user is not allowed to access permissions(s) @read');
    });

    it('cancellation stops a 100k stream at once with CANCELLED', async () => {
      const c = await setup(transport, {});
      const ac = new AbortController();
      const p = c.lookupTaskhashes(queries(100_000), {
        signal: ac.signal,
        onProgress: (done) => {
          if (done >= 1000) ac.abort();
        },
      });
      const { err, ms } = await failure(p);
      expect(err.code).toBe('CANCELLED');
      expect(ms).toBeLessThan(BOUND_MS);
    });
  });
}

describe('client-side checks', () => {
  it('connection refused: CONNECTION after the bounded retries', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    client = new HashservClient(`127.0.0.1:${port}`, { retries: 2, backoffMs: 5 });
    const { err, ms } = await failure(client.ping());
    expect(err.code).toBe('CONNECTION');
    expect(err.message).toContain('ECONNREFUSED');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a query with whitespace is refused before anything is sent', async () => {
    client = new HashservClient('127.0.0.1:1');
    await expect(client.lookupTaskhashes([{ method: 'a b', taskhash: ZLIB }])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('a WebSocket message over 1 MiB is refused before sending (the server would drop it)', async () => {
    const c = await setup('ws', {});
    await expect(
      c.report({
        taskhash: ZLIB,
        method: M,
        outhash: ZLIB,
        unihash: ZLIB,
        outhash_siginfo: 'x'.repeat(1_100_000),
      }),
    ).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(await c.ping()).toEqual({ alive: true });
  });

  it('addresses: bad ones are INVALID_INPUT', async () => {
    for (const bad of ['host', 'a:b:c', 'host:99999', 'unix://']) {
      expect(() => new HashservClient(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
