import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startServe } from '../../../../../electron/cli/commands/serve';
import type { CliIo } from '../../../../../electron/cli/command';
import { fakeWorkspace, taskRow } from '../../../../helpers/fake-workspace';
import { runCli } from '../../../../helpers/run-cli';

function io(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: '/work', out: () => out, err: () => err };
}

describe('hashequiv serve', () => {
  it('prints the tokened loopback URL as the first line and opens the given paths', async () => {
    const opened: string[][] = [];
    const rows = [taskRow({ pn: 'zlib', task: 'do_compile', taskhash: 'a'.repeat(64) })];
    const cli = io();
    const h = await startServe(['builds/one', '--no-open'], cli, {
      engine: {
        openWorkspace: async (paths) => {
          opened.push([...paths]);
          return fakeWorkspace('ws-7', rows);
        },
      },
    });
    try {
      const first = cli.out().split('\n')[0]!;
      expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      expect(first).toBe(h.server.url);
      await h.ready;
      expect(opened).toEqual([['/work/builds/one']]);
      const res = await fetch(`${h.server.origin}/rpc/workspace.list`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.server.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const list = (await res.json()) as { ok: boolean; value: Array<{ id: string }> };
      expect(list.value.map((w) => w.id)).toEqual(['ws-7']);
    } finally {
      await h.close();
    }
  });

  it('warns when bound beyond loopback', async () => {
    const cli = io();
    const h = await startServe(['--host', '0.0.0.0', '--no-open'], cli, { engine: {} });
    await h.close();
    expect(cli.err()).toMatch(/^warning: listening on 0\.0\.0\.0, reachable from the network/);
  });

  it('reports an engine part that is missing without stopping the server', async () => {
    const cli = io();
    const h = await startServe(['--demo', '--no-open'], cli, { engine: {} });
    await h.ready;
    await h.close();
    expect(cli.err()).toContain(
      'could not open the demo build: This build of the inspector cannot do that yet',
    );
  });

  it('rejects a bad port with a usage error', async () => {
    const r = await runCli(['serve', '--port', 'x', '--no-open']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hashequiv serve: --port must be a number from 0 to 65535, not 'x'\n");
  });
});
