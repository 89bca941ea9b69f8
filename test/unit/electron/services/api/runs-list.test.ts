import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultEngine, type ApiHost } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import type { WorkspaceSummary } from '../../../../../shared/contract';
import type { RunsList } from '../../../../../shared/contract/runs-schema';
import type { TaskPage } from '../../../../../shared/model/tasks';
import { FIXTURES, FIXTURE_BUILDDIR } from '../../../../helpers/paths';

const EVENTLOG = path.join(FIXTURES, 'eventlog');
let api: ApiHost;
let ws: WorkspaceSummary;
let dir: string;

beforeAll(async () => {
  // The fixture build dir with run1 (older name) and run2 (newer) as its event logs.
  dir = mkdtempSync(path.join(tmpdir(), 'hashequiv-runs-api-'));
  cpSync(FIXTURE_BUILDDIR, dir, { recursive: true, verbatimSymlinks: true });
  const evdir = path.join(dir, 'tmp', 'log', 'eventlog');
  mkdirSync(evdir, { recursive: true });
  cpSync(path.join(EVENTLOG, 'run1.json'), path.join(evdir, '20261125083645.json'));
  cpSync(path.join(EVENTLOG, 'run2.json'), path.join(evdir, '20261125083652.json'));
  api = createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '0.1.0'),
    validateOutput: true,
    log: () => {},
  });
  const r = await api.dispatch('workspace.open', { paths: [dir] }, {});
  if (!r.ok) throw new Error(r.error.message);
  ws = r.value as WorkspaceSummary;
}, 60_000);

afterAll(() => {
  api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runs.list', () => {
  it('lists each log oldest first with its summary; the newest build is the latest', async () => {
    const r = await api.dispatch('runs.list', { workspaceId: ws.id }, {});
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as RunsList;
    expect(v.builds.map((b) => b.build)).toEqual(['b1']);
    const logs = v.builds[0]!.logs;
    expect(logs.map((l) => path.basename(l.file))).toEqual(['20261125083645.json', '20261125083652.json']);
    const exp2 = JSON.parse(readFileSync(path.join(EVENTLOG, 'expected', 'run2.json'), 'utf8')) as {
      summary: Record<string, number>;
    };
    expect(logs[0]!.builds.map((b) => [b.latest, b.summary])).toEqual([
      [false, { ran: 112, ran_noexec: 9, unihash_updated: 1 }],
    ]);
    expect(logs[1]!.builds.map((b) => [b.latest, b.summary, b.runqueueTasks, b.tasks.length])).toEqual([
      [true, exp2.summary, 112, 112],
    ]);
    const quilt = logs[1]!.builds[0]!.tasks.find(
      (t) => t.pn === 'quilt-native' && t.task === 'do_populate_sysroot',
    );
    // Its sstate archive was truncated: the setscene failed and the real task ran.
    expect(quilt).toMatchObject({ mc: '', runOutcome: 'ran', outcome: 'ran' });
  });

  it("agrees with the Tasks table's outcome column", async () => {
    const r = await api.dispatch(
      'tasks.query',
      { workspaceId: ws.id, query: { filters: ['restored'], limit: 1 } },
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    expect((r.value as TaskPage).total).toBe(23);
  });

  it('an unknown build is NOT_FOUND', async () => {
    const r = await api.dispatch('runs.list', { workspaceId: ws.id, build: 'b9' }, {});
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});
