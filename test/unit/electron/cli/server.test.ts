import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';
import { startFakeServer, type FakeServer } from '../../../fake-server/fake-server';
import { startLegacyFakeServer, type LegacyFakeServer } from '../../../fake-server/legacy-http-server';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
const HASH_2 = '0da8f25736872140704f40317daf1778ccb0822b453b0bc609e3c34b4fa80cb2';
const ZLIB_OUTHASH = 'a92548b6a57b81a99bdaf3b7b4023e64c98bf0b2f43c9ac5b47aebc731ca0d57';
const ZERO = '0'.repeat(64);
const noNetrc = { ...process.env, HOME: os.tmpdir(), NETRC: path.join(os.tmpdir(), 'no-such-netrc') };

describe('hashequiv server', () => {
  let server: FakeServer;
  let locked: FakeServer;
  let tmp: string;
  beforeAll(async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
    locked = await startFakeServer({
      transport: 'tcp',
      copyDb: path.join(FIXTURES, 'hashserv.db'),
      anonPerms: '@none',
      authFailDelayMs: 5,
    });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hs-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await locked.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('ping and stats', async () => {
    const ping = await runCli(['server', server.address, 'ping', '--json'], { env: noNetrc });
    expect(ping.json()).toEqual({ alive: true });
    const stats = await runCli(['server', server.address, 'stats'], { env: noNetrc });
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^num: \d+\ntotal_time: /);
  });

  it('get, get --all, get-outhash', async () => {
    const get = await runCli(['server', server.address, 'get', M, ZLIB], { env: noNetrc });
    expect(get.stdout).toBe(`${ZLIB}\n`);
    expect((await runCli(['server', server.address, 'get', M, ZERO], { env: noNetrc })).stdout).toBe('-\n');
    const all = await runCli(['server', server.address, 'get', M, ZLIB, '--all', '--json'], { env: noNetrc });
    expect(all.json()).toMatchObject({ id: 1, PN: 'zlib', outhash: ZLIB_OUTHASH, owner: 'ci@example.com' });
    const oh = await runCli(['server', server.address, 'get-outhash', M, ZLIB_OUTHASH, ZERO, '--json'], {
      env: noNetrc,
    });
    expect(oh.json()).toMatchObject({ taskhash: ZLIB, unihash: ZLIB, PN: 'zlib' });
  });

  it('query: arguments or stdin, one result line per input line', async () => {
    const r = await runCli(['server', server.address, 'query', M, '-'], {
      stdin: `${ZLIB}\n${ZERO}\n${HASH_2}\n`,
      env: noNetrc,
    });
    expect(r.stdout).toBe(`${ZLIB} ${ZLIB}\n${ZERO} -\n${HASH_2} ${HASH_2}\n`);
    const j = await runCli(['server', server.address, 'query', M, ZERO, ZLIB, '--json'], { env: noNetrc });
    expect(j.json()).toEqual([
      { method: M, taskhash: ZERO, unihash: null },
      { method: M, taskhash: ZLIB, unihash: ZLIB },
    ]);
  });

  it('query: a blank stdin line is INVALID_INPUT with its line number', async () => {
    const r = await runCli(['server', server.address, 'query', M, '-'], {
      stdin: `${ZLIB}\n\n`,
      env: noNetrc,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>:2');
  });

  it('exists: stdin and --json', async () => {
    const r = await runCli(['server', server.address, 'exists', '-'], {
      stdin: `${HASH_2}\n${'f'.repeat(64)}\n`,
      env: noNetrc,
    });
    expect(r.stdout).toBe(`${HASH_2} true\n${'f'.repeat(64)} false\n`);
    const j = await runCli(['server', server.address, 'exists', HASH_2, '--json'], { env: noNetrc });
    expect(j.json()).toEqual([{ unihash: HASH_2, exists: true }]);
  });

  it('permission refused: one stderr line, exit 2; --json gives {error: {code}}', async () => {
    const r = await runCli(['server', locked.address, 'get', M, ZLIB], { env: noNetrc });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Anonymous user is not allowed to access permissions(s) @read');
    const j = await runCli(['server', locked.address, 'get', M, ZLIB, '--json'], { env: noNetrc });
    expect(JSON.parse(j.stderr)).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
  });

  it('--login USER takes the token from HASHEQUIV_TOKEN', async () => {
    const r = await runCli(['server', locked.address, 'get', M, ZLIB, '--login', 'admin'], {
      env: { ...noNetrc, HASHEQUIV_TOKEN: 'fixture-admin-token' },
    });
    expect(r.stdout).toBe(`${ZLIB}\n`);
    const bad = await runCli(['server', locked.address, 'get', M, ZLIB, '--login', 'admin'], {
      env: { ...noNetrc, HASHEQUIV_TOKEN: 'nope' },
    });
    expect(bad.stderr).toContain('Unable to authenticate as admin');
    const none = await runCli(['server', locked.address, 'get', M, ZLIB, '--login', 'admin'], {
      env: noNetrc,
    });
    expect(none.stderr).toContain('No token for user');
  });

  it('.netrc with machine = the whole address logs in automatically, unless --no-netrc', async () => {
    const netrc = path.join(tmp, 'netrc');
    writeFileSync(
      netrc,
      `machine other:1 login x password y\nmachine ${locked.address}\n  login admin\n  password fixture-admin-token\n`,
    );
    const env = { ...noNetrc, NETRC: netrc };
    expect((await runCli(['server', locked.address, 'get', M, ZLIB], { env })).stdout).toBe(`${ZLIB}\n`);
    expect((await runCli(['server', locked.address, 'get', M, ZLIB, '--no-netrc'], { env })).code).toBe(2);
  });

  it('bad usage: unknown sub-command, missing arguments', async () => {
    expect((await runCli(['server', server.address, 'frobnicate'], { env: noNetrc })).stderr).toContain(
      "unknown sub-command 'frobnicate'",
    );
    expect((await runCli(['server', server.address, 'get', M], { env: noNetrc })).code).toBe(2);
    expect((await runCli(['server', 'nonsense', 'ping'], { env: noNetrc })).stderr).toContain(
      "Bad server address 'nonsense'",
    );
  });
});

describe('hashequiv server over a unix socket given relative to the working directory', () => {
  it('unix://hs.sock resolves against the CLI cwd', async () => {
    const unix = await startFakeServer({ transport: 'unix', copyDb: path.join(FIXTURES, 'hashserv.db') });
    try {
      const sock = unix.address.slice('unix://'.length);
      const r = await runCli(['server', `unix://${path.basename(sock)}`, 'get', M, ZLIB], {
        env: noNetrc,
        cwd: path.dirname(sock),
      });
      expect(r.stdout).toBe(`${ZLIB}\n`);
    } finally {
      await unix.close();
    }
  });
});

describe('hashequiv server against the legacy 2019 HTTP server', () => {
  let legacy: LegacyFakeServer;
  beforeAll(async () => {
    legacy = await startLegacyFakeServer();
  });
  afterAll(async () => legacy.close());

  it('get and query work; stats is UNSUPPORTED', async () => {
    expect((await runCli(['server', legacy.address, 'get', M, ZLIB], { env: noNetrc })).stdout).toBe('-\n');
    const q = await runCli(['server', legacy.address, 'query', M, ZLIB, '--json'], { env: noNetrc });
    expect(q.json()).toEqual([{ method: M, taskhash: ZLIB, unihash: null }]);
    const s = await runCli(['server', legacy.address, 'stats'], { env: noNetrc });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('not available on the legacy HTTP server');
  });
});
