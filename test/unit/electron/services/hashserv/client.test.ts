import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';
import { HashservClient } from '../../../../../electron/services/hashserv/client';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
const ZLIB_OUTHASH = 'a92548b6a57b81a99bdaf3b7b4023e64c98bf0b2f43c9ac5b47aebc731ca0d57';
const HASH_2 = '0da8f25736872140704f40317daf1778ccb0822b453b0bc609e3c34b4fa80cb2';
const ZERO = '0'.repeat(64);

for (const transport of ['tcp', 'unix', 'ws'] as const) {
  describe(`HashservClient over ${transport}: read commands on the fixture database`, () => {
    let server: FakeServer;
    let client: HashservClient;
    beforeAll(async () => {
      server = await startFakeServer({ transport, copyDb: path.join(FIXTURES, 'hashserv.db') });
      client = new HashservClient(server.address, { replyTimeoutMs: 5000 });
    });
    afterAll(async () => {
      client.close();
      await server.close();
    });

    it('ping', async () => {
      expect(await client.ping()).toEqual({ alive: true });
    });

    it('get: known and unknown taskhash', async () => {
      expect(await client.get(M, ZLIB)).toEqual({ taskhash: ZLIB, method: M, unihash: ZLIB });
      expect(await client.get(M, ZERO)).toBeNull();
    });

    it('get with all: the merged row of the fixture', async () => {
      const row = await client.getAll(M, ZLIB);
      expect(row).toMatchObject({
        id: 1,
        outhash: ZLIB_OUTHASH,
        created: '2026-11-25T08:06:08.508674+00:00',
        owner: 'ci@example.com',
        PN: 'zlib',
        PV: '1.3.1',
        task: 'populate_sysroot',
        unihash: ZLIB,
        gc_mark: '',
      });
      expect(row?.outhash_siginfo?.startsWith('OEOuthashBasic\n18\n')).toBe(true);
    });

    it('get-outhash with and without the unihash', async () => {
      expect((await client.getOuthash(M, ZLIB_OUTHASH, ZERO))?.unihash).toBe(ZLIB);
      const plain = await client.getOuthash(M, ZLIB_OUTHASH, ZERO, false);
      expect(plain?.taskhash).toBe(ZLIB);
      expect(plain && 'unihash' in plain).toBe(false);
      expect(await client.getOuthash(M, ZERO, ZERO)).toBeNull();
    });

    it('get-stream: 2 hits and 1 miss, in order', async () => {
      const got = await client.lookupTaskhashes([
        { method: M, taskhash: ZLIB },
        { method: M, taskhash: ZERO },
        { method: M, taskhash: HASH_2 },
      ]);
      expect(got).toEqual([ZLIB, null, HASH_2]);
    });

    it('exists-stream', async () => {
      expect(await client.unihashesExist([HASH_2, 'f'.repeat(64)])).toEqual([true, false]);
    });

    it('get-stats counts requests', async () => {
      const s = await client.getStats();
      expect(s.requests.num).toBeGreaterThan(5);
      expect(s.requests.total_time).toBeGreaterThanOrEqual(0);
    });

    it('backfill-wait on a server without upstream', async () => {
      expect(await client.backfillWait()).toEqual({ tasks: 0 });
    });

    it('get-user anonymously is refused with PERMISSION_DENIED, and the client reconnects after', async () => {
      await expect(client.getUser('admin')).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining(
          'Anonymous user is not allowed to access permissions(s) @user-admin',
        ),
      });
      expect(await client.ping()).toEqual({ alive: true });
    });
  });
}
