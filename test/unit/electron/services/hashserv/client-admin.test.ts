import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';
import { HashservClient } from '../../../../../electron/services/hashserv/client';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
const ZLIB_OUTHASH = 'a92548b6a57b81a99bdaf3b7b4023e64c98bf0b2f43c9ac5b47aebc731ca0d57';
const NEW_TASK = '32ed6592777f3e37934ee4618b2caed83cd4efcc295306ad0f213442e9884f24';
const ADMIN = { username: 'admin', token: 'fixture-admin-token' };

let server: FakeServer | undefined;
const clients: HashservClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function start(transport: 'tcp' | 'unix' | 'ws', anonPerms?: string): Promise<FakeServer> {
  server = await startFakeServer({
    transport,
    copyDb: path.join(FIXTURES, 'hashserv.db'),
    authFailDelayMs: 10,
    ...(anonPerms ? { anonPerms } : {}),
  });
  return server;
}
function client(address: string, opts: ConstructorParameters<typeof HashservClient>[1] = {}): HashservClient {
  const c = new HashservClient(address, { replyTimeoutMs: 5000, backoffMs: 5, ...opts });
  clients.push(c);
  return c;
}

for (const transport of ['tcp', 'unix', 'ws'] as const) {
  describe(`${transport}: writes, only when asked`, () => {
    it('report of a new taskhash with zlib outhash answers zlib unihash (capture §6)', async () => {
      const s = await start(transport);
      const r = await client(s.address).report({
        PN: 'zlib',
        PV: '1.3.1',
        PR: 'r0',
        task: 'populate_sysroot',
        taskhash: NEW_TASK,
        method: M,
        outhash: ZLIB_OUTHASH,
        unihash: NEW_TASK,
      });
      expect(r).toEqual({ taskhash: NEW_TASK, method: M, unihash: ZLIB });
    });

    it('report with an invalid unihash is an invoke-error (SERVER_ERROR)', async () => {
      const s = await start(transport);
      await expect(
        client(s.address).report({ taskhash: NEW_TASK, method: M, outhash: ZLIB_OUTHASH, unihash: 'XYZ' }),
      ).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringContaining('Invalid unihash') });
    });

    it('report-equiv: the existing mapping wins', async () => {
      const s = await start(transport);
      const c = client(s.address);
      expect(await c.reportEquiv(M, ZLIB, 'a'.repeat(64))).toEqual({
        taskhash: ZLIB,
        method: M,
        unihash: ZLIB,
      });
      expect(await c.reportEquiv(M, NEW_TASK, 'a'.repeat(64))).toEqual({
        taskhash: NEW_TASK,
        method: M,
        unihash: 'a'.repeat(64),
      });
    });

    it('a report larger than 32 KiB goes out chunked and is stored intact (spaces and non-ASCII too)', async () => {
      const s = await start(transport);
      const siginfo = Array.from({ length: 600 }, (_, i) => `-rw-    ${i} ./usr/share/doc/f${i} é `).join(
        '\n',
      );
      const r = await client(s.address).report({
        taskhash: NEW_TASK,
        method: M,
        outhash: 'b'.repeat(64),
        unihash: NEW_TASK,
        outhash_siginfo: siginfo,
      });
      expect(r.unihash).toBe(NEW_TASK);
      const row = s.store.db
        .prepare('SELECT outhash_siginfo FROM outhashes_v2 WHERE taskhash=?')
        .get(NEW_TASK) as {
        outhash_siginfo: string;
      };
      expect(row.outhash_siginfo).toBe(siginfo);
      // ... and a reply larger than 32 KiB comes back chunked and is reassembled.
      expect((await client(s.address).getAll(M, NEW_TASK))?.outhash_siginfo).toBe(siginfo);
    });
  });

  describe(`${transport}: authentication`, () => {
    it('login with the fixture admin token, get-user self, become-user', async () => {
      const s = await start(transport);
      const c = client(s.address, { admin: true });
      expect(await c.login(ADMIN.username, ADMIN.token)).toEqual({
        result: true,
        username: 'admin',
        permissions: ['@all'],
      });
      expect(await c.getUser()).toEqual({
        username: 'admin',
        permissions: ['@all', '@db-admin', '@read', '@report', '@user-admin'],
      });
      expect(await c.becomeUser('builder')).toEqual({
        username: 'builder',
        permissions: ['@read', '@report'],
      });
      await expect(c.getAllUsers()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });

    it('a wrong token: SERVER_ERROR "Unable to authenticate as admin"', async () => {
      const s = await start(transport);
      await expect(client(s.address).login('admin', 'wrong')).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: expect.stringContaining('Unable to authenticate as admin'),
      });
    });

    it('credentials are replayed after a reconnect; refresh-token switches to the new token', async () => {
      const s = await start(transport, '@none');
      const c = client(s.address, { credentials: ADMIN, admin: true });
      const created = await c.newUser('ci', ['@read']);
      expect(created.token).toMatch(/^[A-Za-z0-9._]{64}$/);
      const ci = client(s.address, { credentials: { username: 'ci', token: created.token } });
      expect(await ci.get(M, ZLIB)).toMatchObject({ unihash: ZLIB });
      const fresh = await ci.refreshToken();
      expect(fresh.username).toBe('ci');
      ci.close(); // the next request reconnects and must log in with the refreshed token
      expect(await ci.get(M, ZLIB)).toMatchObject({ unihash: ZLIB });
      await expect(
        ci.report({ taskhash: NEW_TASK, method: M, outhash: ZLIB_OUTHASH, unihash: NEW_TASK }),
      ).resolves.toEqual({
        taskhash: NEW_TASK,
        method: M,
        unihash: ZLIB, // without @report the server answers read-only from get-outhash
      });
      expect(await c.get(M, NEW_TASK)).toBeNull();
    });
  });

  describe(`${transport}: admin commands behind the admin switch`, () => {
    it('refused locally without the switch (nothing is sent)', async () => {
      const s = await start(transport);
      const c = client(s.address);
      await expect(c.remove({ taskhash: ZLIB })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(s.connections()).toBe(0);
    });

    it('stats reset, db usage, query columns, remove, clean-unused', async () => {
      const s = await start(transport);
      const c = client(s.address, { admin: true });
      await c.ping();
      const before = await c.resetStats();
      expect(before.requests.num).toBe(2);
      expect((await c.getStats()).requests.num).toBe(1);
      expect((await c.getDbUsage()).usage).toEqual({
        config: { rows: 0 },
        outhashes_v2: { rows: 51 },
        unihashes_v3: { rows: 51 },
        users: { rows: 2 },
      });
      expect(await c.getDbQueryColumns()).toContain('outhash_siginfo');
      expect(await c.remove({ taskhash: ZLIB })).toEqual({ count: 2 });
      expect(await c.get(M, ZLIB)).toBeNull();
      expect(await c.cleanUnused(0)).toEqual({ count: 0 });
      await c.reportEquiv(M, NEW_TASK, ZLIB);
      // Each table uses the columns it has: outhashes_v2 has no unihash, so `method` alone matches
      // all its 50 remaining rows there (the server's documented behaviour), plus 3 unihash rows.
      expect(await c.remove({ unihash: ZLIB, method: M })).toEqual({ count: 53 });
    });

    it('gc: mark, mark-stream, status, sweep (and refusing a wrong mark)', async () => {
      const s = await start(transport);
      const c = client(s.address, { admin: true });
      expect(await c.gcMark('keep-1', { unihash: ZLIB })).toEqual({ count: 3 });
      expect(
        await c.gcMarkStream('keep-1', [
          { taskhash: '0da8f25736872140704f40317daf1778ccb0822b453b0bc609e3c34b4fa80cb2' },
          { taskhash: '0'.repeat(64) },
        ]),
      ).toEqual([1, 0]);
      expect(await c.gcStatus()).toEqual({ keep: 4, remove: 47, mark: 'keep-1' });
      await expect(c.gcSweep('other')).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: expect.stringContaining("'other' is not the current mark. Refusing to sweep"),
      });
      expect(await c.gcSweep('keep-1')).toEqual({ count: 47 });
      expect(await c.gcStatus()).toEqual({ keep: 0, remove: 4, mark: null });
    });

    it('users: list, set perms, delete; unknown permissions refused', async () => {
      const s = await start(transport);
      const c = client(s.address, { admin: true, credentials: ADMIN });
      expect((await c.getAllUsers()).map((u) => u.username)).toEqual(['admin', 'builder']);
      expect(await c.setUserPerms('builder', ['@read'])).toEqual({
        username: 'builder',
        permissions: ['@read'],
      });
      await expect(c.setUserPerms('builder', ['@bogus'])).rejects.toMatchObject({
        message: expect.stringContaining('Unknown permissions @bogus'),
      });
      expect(await c.deleteUser('builder')).toEqual({ username: 'builder' });
      expect(await c.getUser('builder')).toBeNull();
    });
  });
}
