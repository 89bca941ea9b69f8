import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';
import { HashservClient } from '../../../../../electron/services/hashserv/client';
import { MAX_UNIX_PATH_BYTES } from '../../../../../electron/services/hashserv/socket-channel';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
const DB = path.join(FIXTURES, 'hashserv.db');

let server: FakeServer | undefined;
let client: HashservClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('streams of 100,000 hashes, pipelined', () => {
  for (const transport of ['tcp', 'unix', 'ws'] as const) {
    it(`get-stream over ${transport}: 100,000 look-ups, the 51 known ones answered, in order`, async () => {
      server = await startFakeServer({ transport, copyDb: DB });
      client = new HashservClient(server.address, { replyTimeoutMs: 20_000 });
      const known = server.store.db
        .prepare('SELECT taskhash, unihash FROM unihashes_v3 ORDER BY id')
        .all() as Array<{ taskhash: string; unihash: string }>;
      expect(known).toHaveLength(51);
      const queries = Array.from({ length: 100_000 }, (_, i) => ({
        method: M,
        taskhash: i.toString(16).padStart(64, '1'),
      }));
      known.forEach((k, j) => (queries[j * 1900] = { method: M, taskhash: k.taskhash }));
      const got = await client.lookupTaskhashes(queries);
      expect(got).toHaveLength(100_000);
      expect(got.filter((u) => u !== null)).toHaveLength(51);
      known.forEach((k, j) => expect(got[j * 1900]).toBe(k.unihash));
    });
  }

  it('exists-stream over tcp: 100,000 unihashes, the 33 distinct known ones true', async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: DB });
    client = new HashservClient(server.address, { replyTimeoutMs: 20_000 });
    const known = (
      server.store.db.prepare('SELECT DISTINCT unihash FROM unihashes_v3').all() as Array<{ unihash: string }>
    ).map((r) => r.unihash);
    expect(known).toHaveLength(33);
    const unihashes = Array.from({ length: 100_000 }, (_, i) =>
      i < 33 ? (known[i] as string) : i.toString(16).padStart(64, 'e'),
    );
    const got = await client.unihashesExist(unihashes);
    expect(got.filter(Boolean)).toHaveLength(33);
    expect(got.slice(0, 33).every(Boolean)).toBe(true);
  });
});

describe('addresses and transports', () => {
  it('a unix socket path longer than the OS limit still works (through a short symlink)', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'hs-long-'));
    try {
      const longDir = path.join(
        base,
        'a-directory-name-that-is-quite-long-'.repeat(3),
        'and-deeper-still-'.repeat(2),
      );
      mkdirSync(longDir, { recursive: true });
      const shortLink = path.join(base, 's');
      symlinkSync(longDir, shortLink); // the server binds through it; the client gets the long path
      server = await startFakeServer({
        transport: 'unix',
        copyDb: DB,
        socketPath: path.join(shortLink, 'hs.sock'),
      });
      const longPath = path.join(longDir, 'hs.sock');
      expect(Buffer.byteLength(longPath)).toBeGreaterThan(MAX_UNIX_PATH_BYTES + 5);
      client = new HashservClient(`unix://${longPath}`);
      expect(await client.get(M, ZLIB)).toMatchObject({ unihash: ZLIB });
      expect(await client.lookupTaskhashes([{ method: M, taskhash: ZLIB }])).toEqual([ZLIB]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('[::1]:PORT over IPv6 loopback', async (ctx) => {
    try {
      server = await startFakeServer({ transport: 'tcp', host: '::1', copyDb: DB });
    } catch (err) {
      console.warn(`skipped: no IPv6 loopback here (${(err as Error).message})`);
      ctx.skip();
      return;
    }
    expect(server.address).toMatch(/^\[::1\]:\d+$/);
    client = new HashservClient(server.address);
    expect(await client.get(M, ZLIB)).toMatchObject({ unihash: ZLIB });
  });
});

describe.skipIf(!hasOpenssl())('wss:// with TLS verified against a custom CA', () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hs-tls-'));
    // A self-signed certificate for 127.0.0.1 acts as its own CA.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with --ca: handshake, get, get-stream', async () => {
    server = await startFakeServer({ transport: 'wss', copyDb: DB, tls: { cert, key } });
    expect(server.address).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ws$/);
    client = new HashservClient(server.address, { caFile: path.join(dir, 'cert.pem') });
    expect(await client.get(M, ZLIB)).toMatchObject({ unihash: ZLIB });
    expect(
      await client.lookupTaskhashes([
        { method: M, taskhash: ZLIB },
        { method: M, taskhash: '0'.repeat(64) },
      ]),
    ).toEqual([ZLIB, null]);
  });

  it('without the CA the system store does not trust it: CONNECTION naming TLS', async () => {
    server = await startFakeServer({ transport: 'wss', copyDb: DB, tls: { cert, key } });
    client = new HashservClient(server.address, { retries: 0 });
    await expect(client.ping()).rejects.toMatchObject({
      code: 'CONNECTION',
      message: expect.stringContaining('TLS verification'),
    });
  });
});
if (!hasOpenssl()) console.warn('wss tests skipped: no openssl on this machine to make a certificate');
