import type { FilterKey } from '../../../shared/model/filter-syntax';
import { getFilterToken, isGlob, setFilterToken } from '../../../shared/model/filter-syntax';
import { ServerStatusSchema, TaskOutcomeSchema } from '../../../shared/model/tasks';

/**
 * How a column's filter box maps onto one token of the search text. The text stays the single
 * source of truth (deep links carry it): a box only shows its token and rewrites it.
 *
 * - `contains` (recipe, task): like DB Browser for SQLite, `zl` means "contains zl" and is written
 *   as the glob `pn:*zl*`; `=zlib` is the exact `pn:zlib`; a value with `*`/`?` is a glob as typed.
 * - `prefix` (hashes): the box holds the prefix as typed (`taskhash:3fe2`); the parser checks it.
 * - `choice` (mc, build, server status, outcome): a select of the known values.
 */
export type ColumnFilterKind = 'contains' | 'prefix' | 'choice';

/** The filter of one column of the task table. */
export interface ColumnFilterSpec {
  /** The key of the filter language the box edits. */
  key: FilterKey;
  kind: ColumnFilterKind;
  /** Short hint shown in the empty box (columns are narrow). */
  placeholder: string;
  /** The longer explanation (tooltip). */
  help: string;
}

/** Filterable columns of the task table, by column id (Class and Files have chips instead). */
export const COLUMN_FILTERS: Readonly<Record<string, ColumnFilterSpec>> = {
  pn: {
    key: 'pn',
    kind: 'contains',
    placeholder: 'zl  =zlib',
    help: 'Recipe contains this text; =name for the exact recipe; * and ? as wildcards (pn: in the search)',
  },
  task: {
    key: 'task',
    kind: 'contains',
    placeholder: 'comp  =do_…',
    help: 'Task contains this text; =name for the exact task; * and ? as wildcards (task: in the search)',
  },
  mc: { key: 'mc', kind: 'choice', placeholder: 'any', help: 'Multiconfig (mc: in the search)' },
  build: { key: 'build', kind: 'choice', placeholder: 'any', help: 'Build (build: in the search)' },
  taskhash: {
    key: 'taskhash',
    kind: 'prefix',
    placeholder: '3fe2…',
    help: 'Taskhash starts with these hex digits (taskhash: in the search)',
  },
  unihash: {
    key: 'unihash',
    kind: 'prefix',
    placeholder: '3fe2…',
    help: 'Unihash starts with these hex digits (unihash: in the search)',
  },
  outhash: {
    key: 'outhash',
    kind: 'prefix',
    placeholder: '3fe2…',
    help: 'Outhash starts with these hex digits (outhash: in the search)',
  },
  serverStatus: {
    key: 'server',
    kind: 'choice',
    placeholder: 'any',
    help: 'What the server says about the unihash (server: in the search)',
  },
  outcome: {
    key: 'outcome',
    kind: 'choice',
    placeholder: 'any',
    help: 'What happened to the task in the logged build (outcome: in the search)',
  },
};

/** The plain glob `*x*` (x without wildcards) shows as `x` in a contains box. */
const CONTAINS_RE = /^\*([^*?]+)\*$/;

/** What a box shows for its token's raw value ('' when the text has no such token). */
export function boxValue(spec: ColumnFilterSpec, token: string | null): string {
  if (token === null) return '';
  if (spec.kind !== 'contains') return token;
  if (!isGlob(token)) return `=${token}`;
  return CONTAINS_RE.exec(token)?.[1] ?? token;
}

/** The token value a text box writes for what is typed in it (null: remove the token). */
export function tokenValue(spec: ColumnFilterSpec, box: string): string | null {
  const v = box.trim();
  if (v === '') return null;
  if (spec.kind === 'prefix') return v;
  if (v.startsWith('=')) return v.length > 1 ? v.slice(1) : null;
  return isGlob(v) ? v : `*${v}*`;
}

/** The raw value of a column's token in the search text, or null when it has none. */
export function columnToken(text: string, spec: ColumnFilterSpec): string | null {
  return getFilterToken(text, spec.key)?.value ?? null;
}

/** The search text with a column's token set from what its box holds (or removed when empty). */
export function applyColumnFilter(text: string, spec: ColumnFilterSpec, box: string): string {
  return setFilterToken(text, spec.key, tokenValue(spec, box));
}

/** The fixed choices of a select column ('' = any), before the workspace's own values. */
export function fixedChoices(spec: ColumnFilterSpec): readonly string[] {
  if (spec.key === 'server') return ServerStatusSchema.options;
  if (spec.key === 'outcome') return TaskOutcomeSchema.options;
  return [];
}
