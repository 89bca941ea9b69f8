/**
 * Translates a TaskQuery into SQL over the `task` table: WHERE from search/recipe/task/filters,
 * ORDER BY from the sort (always ending in the row id, so pages are stable), LIMIT/OFFSET.
 * Every value is a bound parameter; column names come from fixed tables, never from the caller.
 */
import type { SQLInputValue } from 'node:sqlite';
import { assertNever } from '../../../shared/model/errors';
import type { TaskFilter, TaskQuery, TaskSortColumn } from '../../../shared/model/tasks';

/** A WHERE clause (possibly empty) and its parameters. */
export interface SqlWhere {
  sql: string;
  params: SQLInputValue[];
}

/** Names the search can match, kept in memory (a few thousand at most). */
export interface NameLists {
  recipes: readonly string[];
  tasks: readonly string[];
}

/** Which parts of a query to apply (facets leave out their own dimension). */
export interface WhereParts {
  recipe?: boolean;
  task?: boolean;
  mc?: boolean;
  build?: boolean;
  filters?: boolean;
}

/** `compile` -> `do_compile`; `do_compile` unchanged. */
export function normalizeTaskName(task: string): string {
  return task.startsWith('do_') ? task : `do_${task}`;
}

/** SQL condition of one filter. */
export function filterCondition(f: TaskFilter): string {
  switch (f) {
    case 'equivalent':
      return 'unihash <> taskhash';
    case 'disagree':
      return 'n_unihash > 1';
    case 'no-sstate':
      return 'sstate = 0';
    case 'has-sstate':
      return 'sstate = 1';
    case 'no-outhash':
      return 'n_outhash = 0';
    case 'multi-outhash':
      return 'n_outhash > 1';
    case 'shared-unihash':
      return 'class_size > 1';
    case 'differs':
      return "server_status = 'different'";
    case 'not-on-server':
      return "server_status = 'unknown'";
    case 'server-only':
      return "server_status = 'server-only'";
    case 'ran':
      return "outcome = 'ran'";
    case 'restored':
      return "outcome = 'restored'";
    case 'failed':
      return "outcome = 'failed'";
    case 'multiconfig':
      return "mc <> ''";
    default:
      return assertNever(f, 'task filter');
  }
}

const HEX_RE = /^[0-9a-f]{2,64}$/;

/**
 * The search condition: every whitespace- or colon-separated term must match a recipe name or a
 * task name (substring, case-insensitive) or, when it is hex, a taskhash/unihash/outhash prefix.
 */
function searchCondition(search: string, names: NameLists, params: SQLInputValue[]): string | null {
  const terms = search
    .toLowerCase()
    .split(/[\s:]+/)
    .filter((t) => t.length > 0);
  if (terms.length === 0) return null;
  const parts: string[] = [];
  for (const term of terms) {
    const alts: string[] = [];
    const recipes = names.recipes.filter((r) => r.toLowerCase().includes(term));
    if (recipes.length > 0) {
      alts.push('pn IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(recipes));
    }
    const tasks = names.tasks.filter((t) => t.toLowerCase().includes(term));
    if (tasks.length > 0) {
      alts.push('task IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(tasks));
    }
    if (HEX_RE.test(term)) {
      // Hex digits sort below 'g', so [term, term + 'g') is exactly the prefix range; an index walk.
      for (const col of ['taskhash', 'unihash', 'outhash']) {
        alts.push(`(${col} >= ? AND ${col} < ?)`);
        params.push(term, `${term}g`);
      }
    }
    parts.push(alts.length > 0 ? `(${alts.join(' OR ')})` : '0');
  }
  return parts.join(' AND ');
}

/** Builds the WHERE clause of a query; `parts` selects which restrictions to apply (all by default). */
export function buildWhere(
  q: Omit<TaskQuery, 'offset' | 'limit'>,
  names: NameLists,
  buildOrd: (id: string) => number | undefined,
  parts: WhereParts = {},
): SqlWhere {
  const use = { recipe: true, task: true, mc: true, build: true, filters: true, ...parts };
  const conds: string[] = [];
  const params: SQLInputValue[] = [];
  if (use.build && q.build !== undefined) {
    conds.push('build_ord = ?');
    params.push(buildOrd(q.build) ?? -1);
  }
  if (use.recipe && q.recipe !== undefined) {
    conds.push('pn = ?');
    params.push(q.recipe);
  }
  if (use.task !== false && q.task !== undefined) {
    conds.push('task = ?');
    params.push(normalizeTaskName(q.task));
  }
  if (use.mc && q.mc !== undefined) {
    conds.push('mc = ?');
    params.push(q.mc);
  }
  if (use.filters) for (const f of new Set(q.filters ?? [])) conds.push(filterCondition(f));
  if (q.search !== undefined) {
    const s = searchCondition(q.search, names, params);
    if (s) conds.push(s);
  }
  return { sql: conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const SORT_SQL: Record<TaskSortColumn, string[]> = {
  pn: ['pn', 'task'],
  task: ['task', 'pn'],
  mc: ['mc'],
  taskhash: ['taskhash'],
  unihash: ['unihash'],
  outhash: ['outhash'],
  build: ['build_ord'],
  serverStatus: ['server_status'],
  outcome: ['outcome'],
  created: ['created'],
};

/** ORDER BY clause; defaults to recipe then task. The row id breaks ties so pages never overlap. */
export function buildOrderBy(sort: TaskQuery['sort']): string {
  const cols = SORT_SQL[sort?.column ?? 'pn'];
  const dir = sort?.dir === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${[...cols, 'id'].map((c) => `${c} ${dir}`).join(', ')}`;
}
