import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../../../shared/model/progress';
import { TASK_SORT_COLUMNS, TASK_FILTERS } from '../../../../../shared/model/tasks';
import { openWorkspace } from '../../../../../electron/services/workspace/index';
import { SECONDARY_TASK_INDEXES } from '../../../../../electron/services/workspace/store-schema';
import { TaskIndex } from '../../../../../electron/services/workspace/task-index';
import { FIXTURES } from '../../../../helpers/paths';

// After a derivation only the (recipe, task) index exists: the others are built in the background
// (one per event-loop turn) or at once by the first query that walks one; a first build that is
// only a server database also has its `latest` rows marked there (one more step). Answers must not
// depend on which of these are done yet. Fixture: hashserv.db, 51 taskhashes (a server-only build).
const STEPS = SECONDARY_TASK_INDEXES.length + 1;
describe('secondary task indexes built after the rows are queryable', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hei-deferred-idx-'));
    file = path.join(dir, 'hashserv.db');
    copyFileSync(path.join(FIXTURES, 'hashserv.db'), file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function derived(): TaskIndex {
    const index = new TaskIndex();
    index.addBuild('b1', 'server');
    index.ingestHashserv('b1', index.addSource('b1', 'hashserv-db', file), file);
    index.deriveBuild('b1');
    return index;
  }

  it('leaves every secondary index pending, and a query builds only the ones it walks', () => {
    const index = derived();
    const all = STEPS;
    expect(index.pendingIndexCount()).toBe(all);
    expect(index.counts().tasks).toBe(30); // the distinct (PN, task) pairs, latest still unmarked
    expect(index.pendingIndexCount()).toBe(all);
    index.queryTasks({ offset: 0, limit: 10 }); // (recipe, task): always there
    index.facets({});
    expect(index.pendingIndexCount()).toBe(all);
    index.queryTasks({ sort: { column: 'created', dir: 'desc' }, offset: 0, limit: 10 });
    expect(index.pendingIndexCount()).toBe(all - 1);
    const key = index.queryTasks({ offset: 0, limit: 1 }).rows[0]!.key;
    index.task(key); // key + unihash (its class)
    expect(index.pendingIndexCount()).toBe(all - 3);
    index.queryTasks({ search: 'zlib', offset: 0, limit: 10 }); // a name: no hash index needed
    expect(index.pendingIndexCount()).toBe(all - 3);
    index.queryTasks({ search: 'ab', offset: 0, limit: 10 }); // hash prefixes: the three hash indexes
    expect(index.pendingIndexCount()).toBe(all - 5);
    index.close();
  });

  it('waits before the first step when asked, so the first requests of a window come first', async () => {
    const index = derived();
    const run = index.buildPendingIndexes(undefined, 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(index.pendingIndexCount()).toBe(STEPS);
    await run;
    expect(index.pendingIndexCount()).toBe(0);
    index.close();
  });

  it('answers the same before and after the indexes exist', async () => {
    const index = derived();
    // In this order: the first ones run with no index but (recipe, task) the first time.
    const ask = () => ({
      counts0: index.counts(),
      filters: TASK_FILTERS.map((f) => index.queryTasks({ filters: [f], offset: 0, limit: 100 })),
      counts: index.counts(),
      identities: [...index.rowIdentities()],
      compare: index.compareBuilds('b1', 'b1'),
      facets: index.facets({ search: 'do_' }),
      classes: index.classes({ minMembers: 2, offset: 0, limit: 20 }),
      pages: TASK_SORT_COLUMNS.flatMap((column) =>
        (['asc', 'desc'] as const).map((dir) =>
          index.queryTasks({ sort: { column, dir }, offset: 5, limit: 20 }),
        ),
      ),
    });
    // Facets, filters and counts first, while nothing but (recipe, task) exists.
    const facetsBefore = index.facets({ filters: ['equivalent'] });
    const before = ask();
    const progress: Progress[] = [];
    await index.buildPendingIndexes((p) => progress.push(p));
    expect(index.pendingIndexCount()).toBe(0);
    expect(progress.every((p) => p.phase === 'index')).toBe(true);
    expect(progress.at(-1)).toEqual({
      phase: 'index',
      done: progress.at(-1)!.total,
      total: progress[0]!.total,
    });
    index.setServerStatus({}); // clears the caches: answers below are computed again
    expect(index.facets({ filters: ['equivalent'] })).toEqual(facetsBefore);
    expect(ask()).toEqual(before);
    expect(before.counts.rows).toBe(51);
    index.close();
  });

  it('resolves openWorkspace before the background indexes, which report progress', async () => {
    const progress: Progress[] = [];
    const ws = await openWorkspace([file], { onIndexProgress: (p) => progress.push(p) });
    const first = ws.queryTasks({ offset: 0, limit: 100 });
    expect(first.total).toBe(51);
    await ws.whenIndexed();
    expect(progress.at(-1)).toEqual({ phase: 'index', done: STEPS, total: STEPS });
    expect(ws.queryTasks({ offset: 0, limit: 100 })).toEqual(first);
    ws.close();
  });

  it('stops building when the workspace is closed, at once or halfway', async () => {
    const early = await openWorkspace([file]);
    early.close();
    await early.whenIndexed();

    let closedAt = -1;
    const ws = await openWorkspace([file], {
      onIndexProgress: (p) => {
        if (p.done === 3 && closedAt < 0) {
          closedAt = p.done;
          ws.close();
        }
      },
    });
    await ws.whenIndexed();
    expect(closedAt).toBe(3);
    expect(() => ws.summary()).toThrow(/closed/);
  });

  it('builds what is pending before deriving another build', async () => {
    const ws = await openWorkspace([file], { label: 'one' });
    await ws.addBuild([file], { label: 'two' });
    const s = ws.summary();
    expect(s.builds.map((b) => b.counts.rows)).toEqual([51, 51]);
    expect(ws.compareBuilds('b1', 'b2').rows).toEqual([]);
    await ws.whenIndexed();
    ws.close();
  });
});
