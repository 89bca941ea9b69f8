import { describe, expect, it } from 'vitest';
import {
  ClassQuerySchema,
  MAX_PAGE_LIMIT,
  TASK_FILTERS,
  TaskFacetsSchema,
  TaskQuerySchema,
  TaskRowSchema,
} from '../../../../shared/model/tasks';

describe('task model schemas', () => {
  it('fills offset and limit defaults and keeps the rest', () => {
    expect(TaskQuerySchema.parse({ search: 'zlib', filters: ['equivalent'] })).toEqual({
      search: 'zlib',
      filters: ['equivalent'],
      offset: 0,
      limit: 100,
    });
    expect(ClassQuerySchema.parse({})).toEqual({ offset: 0, limit: 100 });
  });

  it('rejects unknown filters, sort columns and oversized pages', () => {
    expect(TaskQuerySchema.safeParse({ filters: ['bogus'] }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ sort: { column: 'size', dir: 'asc' } }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ limit: MAX_PAGE_LIMIT + 1 }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ offset: -1 }).success).toBe(false);
  });

  it('takes the column filters, validated, and refuses unknown fields (strict)', () => {
    const q = {
      recipeGlob: '*zl*',
      taskGlob: 'comp*',
      taskhash: '3FE2',
      unihash: 'ab',
      outhash: '0',
      serverStatus: ['same', 'different'],
      outcome: ['covered'],
    };
    expect(TaskQuerySchema.parse(q)).toEqual({ ...q, offset: 0, limit: 100 });
    expect(TaskQuerySchema.safeParse({ taskhash: '3fg2' }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ unihash: '' }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ outhash: 'a'.repeat(65) }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ outcome: [] }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ serverStatus: ['maybe'] }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ recipeGlob: '' }).success).toBe(false);
    expect(TaskQuerySchema.safeParse({ pn: 'zlib' }).success).toBe(false);
  });

  it('requires a count for every filter in facets', () => {
    const filters = Object.fromEntries(TASK_FILTERS.map((f) => [f, 0]));
    const ok = { total: 0, recipes: [], tasks: [], mcs: [], builds: [], filters };
    expect(TaskFacetsSchema.safeParse(ok).success).toBe(true);
    const { equivalent: _dropped, ...partial } = filters;
    expect(TaskFacetsSchema.safeParse({ ...ok, filters: partial }).success).toBe(false);
  });

  it('accepts a row with unknown server status and outcome (filled later)', () => {
    const row = {
      key: 'b1|:zlib:do_compile:aa',
      tid: ':zlib:do_compile',
      build: 'b1',
      buildLabel: 'laptop',
      mc: '',
      pn: 'zlib',
      task: 'do_compile',
      taskhash: 'aa',
      unihashes: [{ kind: 'hashserv-db', path: '/x/hashserv.db', unihash: 'aa' }],
      unihash: 'aa',
      outhashes: [],
      created: null,
      classSize: 1,
      sstate: false,
      siginfo: false,
      stamp: true,
      sigdata: true,
      depsig: false,
      serverStatus: null,
      outcome: null,
    };
    expect(TaskRowSchema.parse(row)).toEqual(row);
    expect(TaskRowSchema.safeParse({ ...row, serverStatus: 'maybe' }).success).toBe(false);
  });
});
