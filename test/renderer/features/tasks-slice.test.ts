import { describe, expect, it, vi } from 'vitest';
import type { TaskFacets, TaskQuery, WorkspaceSummary } from '../../../shared/model/tasks';
import { createAppStore } from '../../../renderer/state';
import { FACETS_AUTO_MAX, MAX_PAGES, TABLE_PAGE } from '../../../renderer/features/tasks/slice';
import { rowAt, selectSelectedIndex } from '../../../renderer/features/tasks/selectors';
import { taskRow } from '../../helpers/fake-workspace';
import { fakeApi } from './fake-api';
import { ZERO_COUNTS } from '../helpers/counts';

const counts = ZERO_COUNTS;
const summary: WorkspaceSummary = { id: 'ws1', builds: [], counts };
const rows = Array.from({ length: 1000 }, (_, i) =>
  taskRow({
    pn: i % 4 ? `r${i}` : `zlib${i}`,
    task: 'do_compile',
    taskhash: i.toString(16).padStart(64, '0'),
  }),
);

/** A store whose tasks.query pages over `rows` (search = PN substring), recording each query. */
function setup() {
  const queries: TaskQuery[] = [];
  const api = fakeApi({
    'workspace.openDemo': async () => summary,
    'workspace.recent': async () => [],
    'tasks.query': async ({ query }) => {
      const q = query as TaskQuery;
      queries.push(q);
      const hit = rows.filter((r) => !q.search || r.pn!.includes(q.search));
      return { rows: hit.slice(q.offset, q.offset + q.limit), total: hit.length, offset: q.offset };
    },
  });
  const store = createAppStore({ api, newJobId: (p) => `${p}-1` });
  return { store, queries, api };
}

describe('task table slice', () => {
  it('loads the first page when a workspace opens, then only the pages a range needs', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    await expect.poll(() => store.getState().tableTotal).toBe(1000);
    expect(store.getState().view).toBe('tasks');
    expect(Object.keys(store.getState().tablePages)).toEqual(['0']);
    const before = queries.length;
    await store.getState().ensureRows(150, 450);
    // Pages 1 and 2 (rows 200-599); page 0 is already there.
    expect(queries.slice(before).map((q) => q.offset)).toEqual([200, 400]);
    expect(rowAt(store.getState(), 450)?.taskhash).toBe((450).toString(16).padStart(64, '0'));
    await store.getState().ensureRows(150, 450);
    expect(queries.length).toBe(before + 2);
  });

  it('asks tasks.query exactly once when a workspace opens, and once when it is refreshed', async () => {
    const { store, api } = setup();
    const calls = () => vi.mocked(api['tasks.query']).mock.calls;
    await store.getState().openDemo();
    await expect.poll(() => store.getState().tableStatus).toBe('ready');
    // Past the facets debounce: nothing else may trigger a late second query.
    await new Promise((r) => setTimeout(r, 300));
    expect(calls().map(([input]) => input.query.offset)).toEqual([0]);
    vi.mocked(api['workspace.summary']).mockResolvedValue({ ...summary, counts: { ...counts, rows: 1 } });
    await store.getState().workspaceChanged({ workspaceId: 'ws1', reason: 'server-status' });
    await expect.poll(() => calls().length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(calls().length).toBe(2);
  });

  it('turns the filter text into query fields and reports what it cannot read', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    await store.getState().setFilterText('zlib pn:zlib4 is:equivalent sort:-pn');
    const q = queries.at(-1)!;
    expect(q).toMatchObject({
      search: 'zlib',
      recipe: 'zlib4',
      filters: ['equivalent'],
      sort: { column: 'pn', dir: 'desc' },
      offset: 0,
      limit: TABLE_PAGE,
    });
  });

  it('header clicks cycle the sort through the text: asc, desc, none', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    await store.getState().setFilterText('zlib');
    await store.getState().sortBy('pn');
    expect(store.getState().tableText).toBe('sort:pn zlib');
    await store.getState().sortBy('pn');
    expect(store.getState().tableText).toBe('sort:-pn zlib');
    await store.getState().sortBy('pn');
    expect(store.getState().tableText).toBe('zlib');
  });

  it('shows only the newest answer when typing outruns the engine', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    const a = store.getState().setFilterText('zlib');
    const b = store.getState().setFilterText('r1');
    await Promise.all([a, b]);
    // 'r1' matches r1, r10..r19, r100..r199 minus multiples of 4, and r1000 does not exist.
    const expected = rows.filter((r) => r.pn!.includes('r1')).length;
    expect(store.getState().tableTotal).toBe(expected);
    expect(store.getState().tablePages[0]![0]!.pn).toBe('r1');
  });

  it('keeps at most MAX_PAGES pages while scrolling a long list', async () => {
    const many = Array.from({ length: (MAX_PAGES + 10) * TABLE_PAGE }, (_, i) =>
      taskRow({ pn: `p${i}`, task: 'do_fetch', taskhash: i.toString(16).padStart(64, '0') }),
    );
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async ({ query }) => ({
        rows: many.slice(query.offset!, query.offset! + query.limit!),
        total: many.length,
        offset: query.offset!,
      }),
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    await expect.poll(() => store.getState().tableTotal).toBe(many.length);
    for (let p = 0; p < MAX_PAGES + 10; p++)
      await store.getState().ensureRows(p * TABLE_PAGE, (p + 1) * TABLE_PAGE);
    expect(Object.keys(store.getState().tablePages).length).toBe(MAX_PAGES);
    expect(store.getState().tablePages[MAX_PAGES + 9]).toBeDefined();
    expect(store.getState().tablePages[0]).toBeUndefined();
  });

  it('selecting a row loads its detail; a deep-linked key finds its index once its page is loaded', async () => {
    const { store, api } = setup();
    await store.getState().openDemo();
    await expect.poll(() => store.getState().tableTotal).toBe(1000);
    store.getState().selectRow(3);
    expect(store.getState().tableSelectedKey).toBe(rows[3]!.key);
    await expect.poll(() => store.getState().detail.status).toBe('error');
    // tasks.detail is not built in this fake: the error says so, with its code.
    expect(store.getState().detail.error?.code).toBe('UNSUPPORTED');
    expect(api['tasks.detail']).toHaveBeenCalledWith({ workspaceId: 'ws1', key: rows[3]!.key });
    store.getState().selectKey(rows[7]!.key);
    expect(selectSelectedIndex(store.getState())).toBe(7);
  });

  it('an engine error is a state with its code, and retry recovers', async () => {
    let fail = true;
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async () => {
        if (fail) throw Object.assign(new Error('index not ready'), { code: 'INTERNAL' });
        return { rows: [], total: 0, offset: 0 };
      },
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    await expect.poll(() => store.getState().tableStatus).toBe('error');
    expect(store.getState().tableError?.message).toContain('index not ready');
    fail = false;
    await store.getState().reloadTable();
    expect(store.getState().tableStatus).toBe('ready');
    expect(store.getState().tableTotal).toBe(0);
  });

  it('counts facets by itself on small workspaces, only on request on big ones', async () => {
    const facets: TaskFacets = {
      total: 1,
      recipes: [],
      tasks: [],
      mcs: [],
      builds: [],
      filters: {} as TaskFacets['filters'],
    };
    const big: WorkspaceSummary = { ...summary, counts: { ...counts, rows: FACETS_AUTO_MAX + 1 } };
    for (const [ws, auto] of [
      [summary, true],
      [big, false],
    ] as const) {
      const api = fakeApi({
        'workspace.openDemo': async () => ws,
        'workspace.recent': async () => [],
        'tasks.query': async () => ({ rows: [], total: 0, offset: 0 }),
        'tasks.facets': async () => facets,
      });
      const store = createAppStore({ api });
      await store.getState().openDemo();
      await expect.poll(() => store.getState().tableStatus).toBe('ready');
      await new Promise((r) => setTimeout(r, 400)); // past the facets debounce
      expect(vi.mocked(api['tasks.facets']).mock.calls.length).toBe(auto ? 1 : 0);
      await store.getState().loadFacets();
      expect(store.getState().facets).toEqual(facets);
    }
  });
});
