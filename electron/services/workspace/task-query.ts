/**
 * Translates a TaskQuery into SQL over the `task` table: WHERE from search/recipe/task/filters and
 * the per-column filters (name globs, hash prefixes, server status, outcome), ORDER BY from the
 * sort (always ending in the row id, so pages are stable), LIMIT/OFFSET.
 * Every value is a bound parameter; column names come from fixed tables, never from the caller.
 * Every condition is one an index can serve: names become `IN` lists matched in memory (the
 * `(pn, task)` index), hash prefixes become ranges (the hash indexes), never `LIKE '%…'` scans.
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
 * A glob (`*` any run, `?` one character) as a case-insensitive, anchored RegExp. Everything else
 * is literal, `%`, `_` and `\\` included: they are not wildcards here (no LIKE ever sees them).
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

/** A task glob with `do_` implied, like exact task names: `comp*` -> `do_comp*`; `*comp*` unchanged. */
export function normalizeTaskGlob(glob: string): string {
  return /^[*?]/.test(glob) || glob.toLowerCase().startsWith('do_') ? glob : `do_${glob}`;
}

/** `col IN (names matching the glob)`, or a false condition when none does. */
function globCondition(col: 'pn' | 'task', glob: string, names: readonly string[], params: SQLInputValue[]) {
  const re = globToRegExp(glob);
  const hit = names.filter((n) => re.test(n));
  if (hit.length === 0) return '0';
  params.push(JSON.stringify(hit));
  return `${col} IN (SELECT value FROM json_each(?))`;
}

/**
 * A hash prefix as an index range: hex digits sort below 'g', so [p, p + 'g') holds exactly the
 * hashes starting with p. Callers validated the prefix (HashPrefixSchema); stored hashes are lowercase.
 */
function prefixCondition(col: 'taskhash' | 'unihash' | 'outhash', prefix: string, params: SQLInputValue[]) {
  const p = prefix.toLowerCase();
  params.push(p, `${p}g`);
  return `(${col} >= ? AND ${col} < ?)`;
}

/** `col IN (?, ?, …)` for a list of enum values. */
function inCondition(col: 'server_status' | 'outcome', values: readonly string[], params: SQLInputValue[]) {
  params.push(...values);
  return `${col} IN (${values.map(() => '?').join(', ')})`;
}

/** The terms of a free-text search, lowercased. */
function searchTerms(search: string): string[] {
  return search
    .toLowerCase()
    .split(/[\s:]+/)
    .filter((t) => t.length > 0);
}

/** Whether a free-text search has a term that is matched as a hash prefix (so walks the hash indexes). */
export function searchHasHashTerm(search: string): boolean {
  return searchTerms(search).some((t) => HEX_RE.test(t));
}

/**
 * The search condition: every whitespace- or colon-separated term must match a recipe name or a
 * task name (substring, case-insensitive) or, when it is hex, a taskhash/unihash/outhash prefix.
 */
function searchCondition(search: string, names: NameLists, params: SQLInputValue[]): string | null {
  const terms = searchTerms(search);
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

/**
 * Everything of a query that changes which rows match, as a string: the key for caches of
 * counts and facets (a cache keyed on fewer fields would answer a column filter with stale counts).
 */
export function whereCacheKey(q: Omit<TaskQuery, 'offset' | 'limit' | 'sort'>): string {
  return JSON.stringify([
    q.search,
    q.recipe,
    q.recipeGlob,
    q.task,
    q.taskGlob,
    q.mc,
    q.build,
    q.taskhash?.toLowerCase(),
    q.unihash?.toLowerCase(),
    q.outhash?.toLowerCase(),
    q.serverStatus ? [...q.serverStatus].sort() : undefined,
    q.outcome ? [...q.outcome].sort() : undefined,
    [...(q.filters ?? [])].sort(),
  ]);
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
  if (use.recipe && q.recipeGlob !== undefined) {
    conds.push(globCondition('pn', q.recipeGlob, names.recipes, params));
  }
  if (use.task !== false && q.task !== undefined) {
    conds.push('task = ?');
    params.push(normalizeTaskName(q.task));
  }
  if (use.task && q.taskGlob !== undefined) {
    conds.push(globCondition('task', normalizeTaskGlob(q.taskGlob), names.tasks, params));
  }
  if (q.taskhash !== undefined) conds.push(prefixCondition('taskhash', q.taskhash, params));
  if (q.unihash !== undefined) conds.push(prefixCondition('unihash', q.unihash, params));
  if (q.outhash !== undefined) conds.push(prefixCondition('outhash', q.outhash, params));
  if (q.serverStatus?.length) conds.push(inCondition('server_status', q.serverStatus, params));
  if (q.outcome?.length) conds.push(inCondition('outcome', q.outcome, params));
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
