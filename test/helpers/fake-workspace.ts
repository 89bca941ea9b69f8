import type { EngineWorkspace } from '../../electron/services/api';
import { TASK_FILTERS, type TaskRow, type WorkspaceSummary } from '../../shared/model/tasks';
import { InspectorError } from '../../shared/model/errors';

/** A task row with every field set; tests override what they look at. */
export function taskRow(over: Partial<TaskRow> & { pn: string; task: string; taskhash: string }): TaskRow {
  return {
    key: `b1|:${over.pn}:${over.task}:${over.taskhash}`,
    tid: `:${over.pn}:${over.task}`,
    build: 'b1',
    buildLabel: 'build',
    mc: '',
    unihashes: [],
    unihash: over.taskhash,
    outhashes: [],
    created: null,
    classSize: 1,
    sstate: false,
    siginfo: false,
    stamp: true,
    sigdata: false,
    depsig: false,
    serverStatus: null,
    outcome: null,
    ...over,
  };
}

/**
 * An in-memory workspace over given rows, for testing the API layer without the index: search
 * is a substring of PN, paging is a slice. The real index is tested in its own suite.
 */
export function fakeWorkspace(
  id: string,
  rows: TaskRow[],
): EngineWorkspace & { serverStatus: Map<string, string> } {
  const serverStatus = new Map<string, string>();
  const counts = {
    rows: rows.length,
    recipes: 0,
    tasks: 0,
    unihashes: 0,
    equivalent: 0,
    disagree: 0,
    withSstate: 0,
    classes: 0,
  };
  const summary = (): WorkspaceSummary => ({
    id,
    builds: [
      {
        id: 'b1',
        label: 'build',
        inputs: ['/builds/a'],
        root: '/builds/a',
        sources: [
          {
            kind: 'hashserv-db',
            path: '/builds/a/cache/hashserv.db',
            status: 'ok',
            counts: { unihashes: 3 },
          },
          {
            kind: 'unihash-cache',
            path: '/builds/a/cache/bb_unihashes.dat',
            status: 'error',
            error: {
              code: 'TRUNCATED',
              message: 'pickle ends early',
              where: { file: '/builds/a/cache/bb_unihashes.dat', offset: 12 },
            },
          },
        ],
        multiconfigs: [],
        counts,
        warnings: [],
        indexMs: 1,
      },
    ],
    counts,
  });
  const match = (search: string | undefined) => rows.filter((r) => !search || (r.pn ?? '').includes(search));
  return {
    id,
    serverStatus,
    summary,
    addBuild: () => Promise.resolve(undefined),
    queryTasks: (q) => {
      const all = match(q.search);
      return { rows: all.slice(q.offset, q.offset + q.limit), total: all.length, offset: q.offset };
    },
    facets: (q) => ({
      total: match(q.search).length,
      recipes: [],
      tasks: [],
      mcs: [],
      builds: [],
      filters: Object.fromEntries(TASK_FILTERS.map((f) => [f, 0])) as Record<
        (typeof TASK_FILTERS)[number],
        number
      >,
    }),
    classes: () => ({ rows: [], total: 0 }),
    task: (key) => {
      const row = rows.find((r) => r.key === key);
      if (!row) throw new InspectorError('NOT_FOUND', `No task ${key}`);
      return { row, files: [], reports: [], equivalence: null, siblings: [] };
    },
    compareBuilds: (a, b) => ({ a, b, same: 0, rows: [] }),
    setServerStatus: (byKey) => {
      for (const [k, v] of Object.entries(byKey)) if (v) serverStatus.set(k, v);
      return Object.keys(byKey).length;
    },
    setOutcomes: () => 0,
    close: () => {},
  };
}
