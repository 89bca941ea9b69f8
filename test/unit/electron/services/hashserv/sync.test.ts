import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../helpers/paths';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';
import { HashservClient } from '../../../../../electron/services/hashserv/client';
import { syncWithServer } from '../../../../../electron/services/hashserv/sync';
import { syncWorkspace } from '../../../../../electron/services/hashserv/sync-workspace';
import { previewReport, reportOuthashes } from '../../../../../electron/services/hashserv/report';
import {
  localReportsFromHashservDb,
  syncInputsFromRows,
} from '../../../../../electron/services/hashserv/local-inputs';
import { openWorkspace } from '../../../../../electron/services/workspace/index';

const M = 'oe.sstatesig.OEOuthashBasic';
const ZLIB = 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0';
const HASH_2 = '0da8f25736872140704f40317daf1778ccb0822b453b0bc609e3c34b4fa80cb2';
const HASH_3 = 'b3651b1eb79613c4b645bc5083841dc222030fc1d99b002cdd998018b5b4b45a';
const ZERO = '0'.repeat(64);

let server: FakeServer | undefined;
let client: HashservClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

describe('syncWithServer classifies every task', () => {
  it('same, different, unknown, server-only — with the exists-stream answer per local unihash', async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
    client = new HashservClient(server.address);
    const phases = new Set<string>();
    const r = await syncWithServer(
      client,
      [
        { key: 'zlib', method: M, taskhash: ZLIB, unihash: ZLIB },
        { key: 'h2', method: M, taskhash: HASH_2, unihash: 'e'.repeat(64) },
        { key: 'zero', method: M, taskhash: ZERO, unihash: ZLIB },
        { key: 'h3', method: M, taskhash: HASH_3 },
        { key: 'zlib-again', method: M, taskhash: ZLIB, unihash: ZLIB },
      ],
      { onProgress: (p) => phases.add(p.phase) },
    );
    expect(r.tasks.map((t) => [t.key, t.status, t.localUnihashOnServer])).toEqual([
      ['zlib', 'same', true],
      ['h2', 'different', false],
      ['zero', 'unknown', true],
      ['h3', 'server-only', undefined],
      ['zlib-again', 'same', true],
    ]);
    expect(r.tasks[1]?.serverUnihash).toBe(HASH_2);
    expect(r.summary).toEqual({
      total: 5,
      same: 2,
      different: 1,
      unknown: 1,
      serverOnly: 1,
      unihashesKnown: 1,
      unihashesUnknown: 1,
    });
    expect([...phases]).toEqual(['lookup', 'exists']);
    // 4 distinct taskhashes and 2 distinct unihashes were asked, each once.
    expect((await client.getStats()).requests.num).toBe(4 + 1 + 2 + 1 + 1);
  });

  it('the real build against its own auto-server database (one mapping changed): 45 same, 1 different', async () => {
    server = await startFakeServer({
      transport: 'unix',
      copyDb: path.join(FIXTURE_BUILDDIR, 'cache/hashserv.db'),
    });
    // Make one mapping disagree, as a shared server that saw another build first would.
    server.store.db
      .prepare('UPDATE unihashes_v3 SET unihash=? WHERE taskhash=?')
      .run('f'.repeat(64), 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913');
    client = new HashservClient(server.address);
    const ws = await openWorkspace([FIXTURE_BUILDDIR]);
    try {
      expect(syncInputsFromRows(ws.rowIdentities())).toHaveLength(122);
      const r = await syncWorkspace(ws, client);
      // 46 rows = the 46 unihashes_v3 rows of the database; 36 distinct unihashes. The changed
      // taskhash is one of two zlib do_populate_sysroot taskhashes sharing unihash ec9e112e…,
      // so that unihash stays known through the other one.
      expect(r.summary).toEqual({
        total: 122,
        same: 45,
        different: 1,
        unknown: 76,
        serverOnly: 0,
        unihashesKnown: 36,
        unihashesUnknown: 67,
      });
      const diff = r.tasks.filter((t) => t.status === 'different');
      expect(diff.map((t) => t.key.split(':').slice(0, 3).join(':'))).toEqual([
        'b1|:zlib:do_populate_sysroot',
      ]);
      expect(diff[0]?.localUnihash).toBe('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913');
      expect(diff[0]?.serverUnihash).toBe('f'.repeat(64));
      // The statuses are in the task index: a column and a filter.
      const differs = ws.queryTasks({ filters: ['differs'] });
      expect(differs.total).toBe(1);
      expect(differs.rows[0]?.serverStatus).toBe('different');
      expect(ws.queryTasks({ filters: ['not-on-server'] }).total).toBe(76);
    } finally {
      ws.close();
    }
  });
});

describe('reporting local outhashes: preview first, then only with the confirmation', () => {
  it('previews without writing, refuses a wrong confirmation, sends, and then everything is known', async () => {
    server = await startFakeServer({ transport: 'ws', copyDb: path.join(FIXTURES, 'hashserv.db') });
    client = new HashservClient(server.address);
    const reports = localReportsFromHashservDb(path.join(FIXTURE_BUILDDIR, 'cache/hashserv.db'));
    expect(reports).toHaveLength(46);
    const preview = await previewReport(client, reports);
    expect(preview.toSend).toBe(46);
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(51); // the dry run wrote nothing
    await expect(reportOuthashes(client, preview, 'not-the-confirmation')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(51);
    const outcome = await reportOuthashes(client, preview, preview.confirmation);
    expect(outcome.sent).toBe(46);
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(97);
    const again = await previewReport(client, reports);
    expect(again.toSend).toBe(0);
    expect(again.items.every((i) => i.prediction === 'known')).toBe(true);
  });

  it('predicts "equivalent" when the server knows the outhash under another taskhash', async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
    client = new HashservClient(server.address);
    const newTask = '32ed6592777f3e37934ee4618b2caed83cd4efcc295306ad0f213442e9884f24';
    const preview = await previewReport(client, [
      {
        method: M,
        taskhash: newTask,
        outhash: 'a92548b6a57b81a99bdaf3b7b4023e64c98bf0b2f43c9ac5b47aebc731ca0d57',
        unihash: newTask,
      },
    ]);
    expect(preview.items[0]).toMatchObject({ prediction: 'equivalent', predictedUnihash: ZLIB });
    const outcome = await reportOuthashes(client, preview, preview.confirmation);
    expect(outcome.results).toEqual([{ taskhash: newTask, method: M, unihash: ZLIB }]);
  });
});
