import path from 'node:path';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';
import { snapshotTree } from '../../../helpers/tree-snapshot';
import { startFakeServer, type FakeServer } from '../../../fake-server/fake-server';
import type { ReportOutcome, ReportPreview, SyncResult } from '../../../../shared/model/server-sync';

const env = { ...process.env, HOME: os.tmpdir(), NETRC: path.join(os.tmpdir(), 'no-such-netrc') };
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('hashequiv sync PATH --server ADDRESS', () => {
  it('--json: every task of the fixture build classified against its own auto-server database', async () => {
    server = await startFakeServer({
      transport: 'tcp',
      copyDb: path.join(FIXTURE_BUILDDIR, 'cache/hashserv.db'),
    });
    const before = snapshotTree(FIXTURE_BUILDDIR);
    const r = await runCli(['sync', FIXTURE_BUILDDIR, '--server', server.address, '--json'], { env });
    expect(r.code).toBe(1); // not every task is 'same'
    const j = r.json<SyncResult>();
    expect(j.summary).toEqual({
      total: 122,
      same: 46,
      different: 0,
      unknown: 76,
      serverOnly: 0,
      unihashesKnown: 36,
      unihashesUnknown: 67,
    });
    expect(j.server).toBe(server.address);
    const zlib = j.tasks.find(
      (t) => t.taskhash === 'a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521',
    );
    expect(zlib).toMatchObject({
      status: 'same',
      serverUnihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    });
    expect(snapshotTree(FIXTURE_BUILDDIR)).toEqual(before);
  });

  it('text output: the counts, then each task that is not the same', async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
    const r = await runCli(['sync', FIXTURE_BUILDDIR, '--server', server.address], { env });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${server.address}: 122 tasks: 0 same, 0 different, 122 unknown, 0 server-only; local unihashes known to the server: 0, not known: 103`,
    );
    expect(lines).toHaveLength(123);
  });

  it('--report is a dry run; only --report --yes writes to the server', async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
    const dry = await runCli(['sync', FIXTURE_BUILDDIR, '--server', server.address, '--report', '--json'], {
      env,
    });
    const preview = dry.json<{ preview: ReportPreview }>().preview;
    expect(preview.items).toHaveLength(46);
    expect(preview.toSend).toBe(46);
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(51);
    const yes = await runCli(
      ['sync', FIXTURE_BUILDDIR, '--server', server.address, '--report', '--yes', '--json'],
      { env },
    );
    expect(yes.json<{ outcome: ReportOutcome }>().outcome.sent).toBe(46);
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(97);
  });

  it('--yes without --report and a missing --server are usage errors', async () => {
    expect(
      (await runCli(['sync', FIXTURE_BUILDDIR, '--server', '127.0.0.1:1', '--yes'], { env })).stderr,
    ).toContain('--yes only confirms --report');
    expect((await runCli(['sync', FIXTURE_BUILDDIR], { env })).stderr).toContain(
      '--server ADDRESS is required',
    );
  });
});
