import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTasks } from '../../../../../electron/services/api/export-tasks';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { STORE_DDL } from '../../../../../electron/services/workspace/store-schema';
import {
  buildOrderBy,
  buildWhere,
  globToRegExp,
  normalizeTaskGlob,
  whereCacheKey,
} from '../../../../../electron/services/workspace/task-query';
import type { TaskQueryInput, TaskRow } from '../../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../helpers/paths';

describe('globToRegExp / normalizeTaskGlob', () => {
  it('treats * and ? as wildcards and everything else literally, case-insensitively', () => {
    expect(globToRegExp('*zl*').test('zlib-native')).toBe(true);
    expect(globToRegExp('z?ib').test('ZLIB')).toBe(true);
    expect(globToRegExp('z?ib').test('zlib-native')).toBe(false);
    // LIKE and RegExp metacharacters are plain characters here.
    expect(globToRegExp('*%*').test('zlib')).toBe(false);
    expect(globToRegExp('a_b').test('axb')).toBe(false);
    expect(globToRegExp('a_b').test('a_b')).toBe(true);
    expect(globToRegExp('gtk+3').test('gtk+3')).toBe(true);
    expect(globToRegExp('gtk+3').test('gtkk3')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('implies do_ when a task glob starts with a literal', () => {
    expect(normalizeTaskGlob('comp*')).toBe('do_comp*');
    expect(normalizeTaskGlob('do_comp*')).toBe('do_comp*');
    expect(normalizeTaskGlob('*comp*')).toBe('*comp*');
    expect(normalizeTaskGlob('?o_fetch')).toBe('?o_fetch');
  });

  it('keys caches on every field that changes the rows (not on sort)', () => {
    const queries: Array<Parameters<typeof whereCacheKey>[0]> = [
      {},
      { recipeGlob: '*z*' },
      { taskGlob: '*z*' },
      { taskhash: 'ab' },
      { unihash: 'ab' },
      { outhash: 'ab' },
      { serverStatus: ['same'] },
      { outcome: ['ran'] },
    ];
    const keys = new Set(queries.map((q) => whereCacheKey(q)));
    expect(keys.size).toBe(8);
    expect(
      whereCacheKey({ sort: { column: 'pn', dir: 'desc' } } as Parameters<typeof whereCacheKey>[0]),
    ).toBe(whereCacheKey({}));
    expect(whereCacheKey({ taskhash: 'AB' })).toBe(whereCacheKey({ taskhash: 'ab' }));
    expect(whereCacheKey({ outcome: ['ran', 'failed'] })).toBe(whereCacheKey({ outcome: ['failed', 'ran'] }));
  });
});

describe('column filters use the indexes every workspace has', () => {
  // Only the indexes the engine guarantees: the others may be created lazily.
  const db = new DatabaseSync(':memory:');
  db.exec(STORE_DDL);
  db.exec(`CREATE INDEX task_pn ON task (pn, task); CREATE INDEX task_th ON task (taskhash);
           CREATE INDEX task_uh ON task (unihash); CREATE INDEX task_oh ON task (outhash);`);
  const names = { recipes: ['busybox', 'zlib', 'zlib-native'], tasks: ['do_compile', 'do_install'] };
  const plan = (q: Omit<TaskQueryInput, 'offset' | 'limit'>, what: 'count' | 'page') => {
    const w = buildWhere(q, names, () => 0);
    const sql =
      what === 'count'
        ? `SELECT count(*) FROM task ${w.sql}`
        : `SELECT * FROM task t ${w.sql} ${buildOrderBy(undefined)} LIMIT 200`;
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...w.params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
  };

  it('hash prefixes are ranges of the hash index, for counts and pages', () => {
    for (const [field, index] of [
      ['taskhash', 'task_th'],
      ['unihash', 'task_uh'],
      ['outhash', 'task_oh'],
    ] as const) {
      for (const what of ['count', 'page'] as const)
        expect(plan({ [field]: '3FE2' }, what)).toContain(
          `USING ${what === 'count' ? 'COVERING ' : ''}INDEX ${index} (${field}>? AND ${field}<?)`,
        );
    }
  });

  it('a recipe glob is a lookup of the (pn, task) index', () => {
    expect(plan({ recipeGlob: '*zl*' }, 'page')).toContain('SEARCH t USING INDEX task_pn (pn=?)');
    expect(plan({ recipeGlob: '*zl*', taskhash: 'a2' }, 'count')).toMatch(/SEARCH task USING .*INDEX task_/);
  });

  it('binds every value: user text never becomes SQL', () => {
    const w = buildWhere(
      { recipeGlob: "*'; DROP TABLE task; --*", taskhash: 'aB', outcome: ['ran', 'failed'] },
      names,
      () => 0,
    );
    expect(w.sql).toBe('WHERE 0 AND (taskhash >= ? AND taskhash < ?) AND outcome IN (?, ?)');
    expect(w.params).toEqual(['ab', 'abg', 'ran', 'failed']);
  });
});

describe('column filters on the fixture build with its run 2 event log', () => {
  let dir: string;
  let ws: Workspace;
  let all: TaskRow[];
  const total = (q: Omit<TaskQueryInput, 'offset' | 'limit'>) => ws.queryTasks({ ...q, limit: 1 }).total;
  const keys = (q: Omit<TaskQueryInput, 'offset' | 'limit'>) =>
    ws
      .queryTasks({ ...q, limit: 1000 })
      .rows.map((r) => r.key)
      .sort();
  const keysWhere = (pred: (r: TaskRow) => boolean) =>
    all
      .filter(pred)
      .map((r) => r.key)
      .sort();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-columns-'));
    cpSync(FIXTURE_BUILDDIR, dir, { recursive: true, verbatimSymlinks: true });
    mkdirSync(path.join(dir, 'tmp', 'log', 'eventlog'), { recursive: true });
    cpSync(
      path.join(FIXTURES, 'eventlog', 'run2.json'),
      path.join(dir, 'tmp', 'log', 'eventlog', '20261125083652.json'),
    );
    ws = await openWorkspace([dir]);
    all = ws.queryTasks({ limit: 1000 }).rows;
  });
  afterAll(() => {
    ws?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a taskhash prefix of a known row returns exactly that row, in either case', () => {
    expect(all).toHaveLength(122);
    const rows = ws.queryTasks({ taskhash: 'A29A' }).rows;
    expect(rows.map((r) => [r.mc, r.pn, r.task, r.taskhash])).toEqual([
      ['', 'zlib', 'do_populate_sysroot', 'a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521'],
    ]);
    expect(total({ taskhash: rows[0]!.taskhash! })).toBe(1);
    // One hex digit: the rows whose taskhash starts with it (13 start with 0).
    expect(keys({ taskhash: '0' })).toEqual(keysWhere((r) => r.taskhash?.startsWith('0') === true));
    expect(total({ taskhash: '0' })).toBe(13);
  });

  it('a unihash prefix returns the equivalence class (run 1 and run 2 of zlib populate_sysroot)', () => {
    const rows = ws.queryTasks({ unihash: 'ec9e112e' }).rows;
    expect(rows.map((r) => [r.pn, r.task, r.taskhash!.slice(0, 8)]).sort()).toEqual([
      ['zlib', 'do_populate_sysroot', 'a29a4459'],
      ['zlib', 'do_populate_sysroot', 'ec9e112e'],
    ]);
  });

  it('an outhash prefix matches the first outhash, the one the table shows', () => {
    const rows = ws.queryTasks({ outhash: '9d3511e2' }).rows;
    expect(rows.map((r) => [r.mc, r.pn, r.task])).toEqual([['', 'busybox', 'do_package']]);
    expect(rows[0]!.outhashes[0]).toBe('9d3511e2b8ea723290e53041b112a18ddde8aa3b0c84063d2bbdad1e82928148');
  });

  it('recipe and task globs match like "contains" when wrapped in *, case-insensitively', () => {
    expect(total({ recipeGlob: '*zl*' })).toBe(47);
    expect(keys({ recipeGlob: '*ZL*' })).toEqual(keysWhere((r) => r.pn?.includes('zl') === true));
    expect(keys({ recipeGlob: 'z?ib' })).toEqual(keysWhere((r) => r.pn === 'zlib'));
    expect(keys({ recipeGlob: '*-*' })).toEqual(keysWhere((r) => r.pn?.includes('-') === true));
    expect(total({ recipeGlob: '*-*' })).toBe(37);
    // % and _ are literal, not LIKE wildcards.
    expect(total({ recipeGlob: '*%*' })).toBe(0);
    expect(total({ recipeGlob: 'zlib_native' })).toBe(0);
    expect(total({ taskGlob: 'comp*' })).toBe(12);
    expect(keys({ taskGlob: '*compile*' })).toEqual(keysWhere((r) => r.task?.includes('compile') === true));
    // Combined with an exact recipe and with each other: AND.
    expect(keys({ recipeGlob: '*zl*', taskGlob: 'comp*', mc: '' })).toEqual(
      keysWhere((r) => r.pn!.includes('zl') && r.task === 'do_compile' && r.mc === ''),
    );
  });

  it('outcome lists count what the outcome facet counts, and reach values is: cannot (covered)', () => {
    const f = ws.facets({});
    expect([f.filters.ran, f.filters.restored]).toEqual([57, 23]);
    expect(total({ outcome: ['ran'] })).toBe(f.filters.ran);
    expect(total({ outcome: ['restored'] })).toBe(f.filters.restored);
    expect(total({ outcome: ['ran', 'restored'] })).toBe(80);
    expect(keys({ outcome: ['covered'] })).toEqual(keysWhere((r) => r.outcome === 'covered'));
    expect(total({ outcome: ['covered'] })).toBe(11);
    expect(total({ outcome: ['failed', 'skipped', 'not-reached'] })).toBe(0);
  });

  it('server status lists select the rows the sync marked', () => {
    const [a, b, c] = all;
    expect(ws.setServerStatus({ [a!.key]: 'same', [b!.key]: 'different', [c!.key]: 'unknown' })).toBe(3);
    try {
      expect(keys({ serverStatus: ['different'] })).toEqual([b!.key]);
      expect(keys({ serverStatus: ['same', 'unknown'] })).toEqual([a!.key, c!.key].sort());
      expect(total({ serverStatus: ['server-only'] })).toBe(0);
    } finally {
      ws.setServerStatus({ [a!.key]: null, [b!.key]: null, [c!.key]: null });
    }
  });

  it('exports exactly the rows a column filter leaves (export goes through the same WHERE)', () => {
    const res = exportTasks(ws, { outcome: ['restored'], recipeGlob: '*zl*', offset: 0, limit: 100 }, 'json');
    const rows = JSON.parse(res.content) as TaskRow[];
    const want = keysWhere((r) => r.outcome === 'restored' && r.pn!.includes('zl'));
    expect(want.length).toBeGreaterThan(0);
    expect(res.rows).toBe(want.length);
    expect(rows.map((r) => r.key).sort()).toEqual(want);
  });

  it('rejects a hash prefix that is not hex with INVALID_INPUT', () => {
    expect(() => ws.queryTasks({ taskhash: 'xyz' })).toThrow(/Invalid task query/);
    expect(() => ws.queryTasks({ outcome: [] })).toThrow(/Invalid task query/);
  });
});

describe('facets honour the column filters', () => {
  // A workspace of its own: the index caches facets per query, and these queries must be computed.
  let ws: Workspace;
  beforeAll(async () => {
    ws = await openWorkspace([FIXTURE_BUILDDIR]);
  });
  afterAll(() => ws?.close());

  it('counts recipes, tasks and filters over the rows the column filters leave', () => {
    const f = ws.facets({ recipeGlob: '*zl*', taskhash: '0' });
    const rows = ws.queryTasks({ recipeGlob: '*zl*', taskhash: '0', limit: 1000 }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(f.total).toBe(rows.length);
    const perRecipe: Record<string, number> = {};
    for (const r of rows) perRecipe[r.pn!] = (perRecipe[r.pn!] ?? 0) + 1;
    // The recipe facet leaves out the recipe filters (exact and glob), not the hash prefix.
    const allZero = ws.queryTasks({ taskhash: '0', limit: 1000 }).rows;
    const perRecipeAll: Record<string, number> = {};
    for (const r of allZero) perRecipeAll[r.pn!] = (perRecipeAll[r.pn!] ?? 0) + 1;
    expect(Object.fromEntries(f.recipes.map((x) => [x.value, x.count]))).toEqual(perRecipeAll);
    expect(f.filters.equivalent).toBe(rows.filter((r) => r.unihash !== r.taskhash).length);
  });

  it('does not answer a column-filtered query with the facets cached for the unfiltered one', () => {
    const all = ws.facets({});
    const zl = ws.facets({ recipeGlob: '*zl*' });
    const zlRows = ws.queryTasks({ recipeGlob: '*zl*', limit: 1000 }).rows;
    expect(zl.total).toBe(zlRows.length);
    expect(zl.total).toBeLessThan(all.total);
    expect(zl.filters['no-sstate']).toBe(zlRows.filter((r) => !r.sstate).length);
    // And each column filter is a key of its own.
    expect(ws.facets({ recipeGlob: '*zl*', taskhash: '0' }).total).toBeLessThan(zl.total);
  });
});
