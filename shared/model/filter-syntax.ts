/**
 * The search box's filter language, e.g. `pn:zlib task:do_compile is:equivalent is:no-sstate 3fe2`:
 * `key:value` tokens narrow the query, everything else is free text (recipe/task names, hash prefixes).
 * Pure: the renderer parses as the user types, shows errors under the box and offers suggestions;
 * `formatFilterText` turns a query back into text for deep links and for facet clicks, and
 * `setFilterToken` edits one key's token in place (what the table's per-column filter boxes do).
 */
import type { ServerStatus, TaskFilter, TaskOutcome, TaskQueryInput, TaskSortColumn } from './tasks';
import {
  HASH_PREFIX_RE,
  ServerStatusSchema,
  TASK_FILTERS,
  TASK_SORT_COLUMNS,
  TaskOutcomeSchema,
} from './tasks';

const SERVER_STATUSES = ServerStatusSchema.options;
const OUTCOMES = TaskOutcomeSchema.options;

/** The keys the language knows, with what each does (shown by suggestions and `?`). */
export const FILTER_KEYS = [
  { key: 'pn', help: 'recipe name (PN): exact, or a glob with * and ? (pn:*zl*)' },
  { key: 'task', help: 'task name, with or without do_; a glob with * and ? (task:*compile*)' },
  { key: 'mc', help: 'multiconfig name ("" for the default configuration)' },
  { key: 'build', help: 'build id of the workspace' },
  { key: 'taskhash', help: 'taskhash prefix (hex)' },
  { key: 'unihash', help: 'unihash prefix (hex)' },
  { key: 'outhash', help: 'outhash prefix (hex)' },
  { key: 'server', help: `server status, comma-separated: ${SERVER_STATUSES.join(', ')}` },
  { key: 'outcome', help: `outcome in the logged build, comma-separated: ${OUTCOMES.join(', ')}` },
  { key: 'is', help: `row filter: ${TASK_FILTERS.join(', ')}` },
  { key: 'sort', help: 'sort column, "-" prefix for descending' },
] as const;

/** One key of the filter language. */
export type FilterKey = (typeof FILTER_KEYS)[number]['key'];
const KEY_ALIASES: Record<string, FilterKey> = { recipe: 'pn' };

/** A problem with one token, with its character range in the text. */
export interface FilterError {
  from: number;
  to: number;
  message: string;
}

/** The query fields the text sets, and what could not be understood. */
export interface ParsedFilter {
  query: Pick<
    TaskQueryInput,
    | 'search'
    | 'recipe'
    | 'recipeGlob'
    | 'task'
    | 'taskGlob'
    | 'mc'
    | 'build'
    | 'taskhash'
    | 'unihash'
    | 'outhash'
    | 'serverStatus'
    | 'outcome'
    | 'filters'
    | 'sort'
  >;
  errors: FilterError[];
}

/** Whether a pn:/task: value is a glob (`*` or `?`) rather than an exact name. */
export const isGlob = (v: string): boolean => /[*?]/.test(v);

/** Splits `a,b,c` into known values of an enum; the unknown ones are returned apart. */
function enumList<T extends string>(value: string, known: readonly T[]): { ok: T[]; bad: string[] } {
  const ok: T[] = [];
  const bad: string[] = [];
  for (const v of value.split(',')) {
    if ((known as readonly string[]).includes(v)) {
      if (!ok.includes(v as T)) ok.push(v as T);
    } else bad.push(v);
  }
  return { ok, bad };
}

interface Token {
  from: number;
  to: number;
  key?: string;
  value: string;
}

/** Splits on whitespace, keeping `"quoted values"` (with \" escapes) together. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const from = i;
    let raw = '';
    let key: string | undefined;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      if (ch === ':' && key === undefined && /^[a-z]+$/i.test(raw)) {
        key = raw.toLowerCase();
        raw = '';
        i++;
      } else if (ch === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          raw += text[i]!;
          i++;
        }
        i++; // closing quote (or end of text)
      } else {
        raw += ch;
        i++;
      }
    }
    tokens.push(key === undefined ? { from, to: i, value: raw } : { from, to: i, key, value: raw });
  }
  return tokens;
}

/** Closest candidate by edit distance, for "did you mean" hints (null when nothing is close). */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Parses the search box text. Never throws: what it cannot use becomes an error with its range. */
export function parseFilterText(text: string): ParsedFilter {
  const query: ParsedFilter['query'] = {};
  const errors: FilterError[] = [];
  const words: string[] = [];
  const filters: TaskFilter[] = [];
  for (const t of tokenize(text)) {
    if (t.key === undefined) {
      words.push(t.value);
      continue;
    }
    const key = (KEY_ALIASES[t.key] ?? t.key) as FilterKey;
    const err = (message: string): void => void errors.push({ from: t.from, to: t.to, message });
    switch (key) {
      case 'pn':
        if (!t.value) err('pn: needs a recipe name');
        else if (isGlob(t.value)) query.recipeGlob = t.value;
        else query.recipe = t.value;
        break;
      case 'task':
        if (!t.value) err('task: needs a task name');
        else if (isGlob(t.value)) query.taskGlob = t.value;
        else query.task = t.value.startsWith('do_') ? t.value : `do_${t.value}`;
        break;
      case 'taskhash':
      case 'unihash':
      case 'outhash':
        if (HASH_PREFIX_RE.test(t.value)) query[key] = t.value.toLowerCase();
        else if (!t.value) err(`${key}: needs a hash prefix (hex digits)`);
        else err(`${key}:${t.value} is not a hash prefix (1 to 64 hex digits 0-9, a-f)`);
        break;
      case 'server':
      case 'outcome': {
        const known: readonly string[] = key === 'server' ? SERVER_STATUSES : OUTCOMES;
        const { ok, bad } = enumList(t.value, known);
        if (bad.length === 0) {
          if (key === 'server') query.serverStatus = ok as ServerStatus[];
          else query.outcome = ok as TaskOutcome[];
        } else {
          const hint = closest(bad[0]!, known);
          err(
            `unknown ${key} "${bad[0]}" (one of ${known.join(', ')})${hint ? `; did you mean ${key}:${hint}?` : ''}`,
          );
        }
        break;
      }
      case 'mc':
        query.mc = t.value;
        break;
      case 'build':
        if (t.value) query.build = t.value;
        else err('build: needs a build id');
        break;
      case 'is': {
        if ((TASK_FILTERS as readonly string[]).includes(t.value)) {
          if (!filters.includes(t.value as TaskFilter)) filters.push(t.value as TaskFilter);
        } else {
          const hint = closest(t.value, TASK_FILTERS);
          err(`unknown filter is:${t.value}${hint ? ` (did you mean is:${hint}?)` : ''}`);
        }
        break;
      }
      case 'sort': {
        const desc = t.value.startsWith('-');
        const col = desc ? t.value.slice(1) : t.value;
        if ((TASK_SORT_COLUMNS as readonly string[]).includes(col)) {
          query.sort = { column: col as TaskSortColumn, dir: desc ? 'desc' : 'asc' };
        } else err(`unknown sort column "${col}" (one of ${TASK_SORT_COLUMNS.join(', ')})`);
        break;
      }
      default: {
        const hint = closest(
          t.key,
          FILTER_KEYS.map((k) => k.key),
        );
        err(`unknown key "${t.key}:"${hint ? ` (did you mean ${hint}:?)` : ''}`);
      }
    }
  }
  if (words.length) query.search = words.join(' ').slice(0, 200);
  if (filters.length) query.filters = filters;
  return { query, errors };
}

function quote(v: string): string {
  return v === '' || /[\s"]/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v;
}

/** The text that parses back to the same query fields (canonical order: keys first, then free text). */
export function formatFilterText(q: ParsedFilter['query']): string {
  const parts: string[] = [];
  if (q.recipe !== undefined) parts.push(`pn:${quote(q.recipe)}`);
  if (q.recipeGlob !== undefined) parts.push(`pn:${quote(q.recipeGlob)}`);
  if (q.task !== undefined) parts.push(`task:${quote(q.task)}`);
  if (q.taskGlob !== undefined) parts.push(`task:${quote(q.taskGlob)}`);
  if (q.mc !== undefined) parts.push(`mc:${quote(q.mc)}`);
  if (q.build !== undefined) parts.push(`build:${quote(q.build)}`);
  if (q.taskhash !== undefined) parts.push(`taskhash:${q.taskhash}`);
  if (q.unihash !== undefined) parts.push(`unihash:${q.unihash}`);
  if (q.outhash !== undefined) parts.push(`outhash:${q.outhash}`);
  if (q.serverStatus?.length) parts.push(`server:${q.serverStatus.join(',')}`);
  if (q.outcome?.length) parts.push(`outcome:${q.outcome.join(',')}`);
  for (const f of q.filters ?? []) parts.push(`is:${f}`);
  if (q.sort) parts.push(`sort:${q.sort.dir === 'desc' ? '-' : ''}${q.sort.column}`);
  if (q.search) parts.push(q.search);
  return parts.join(' ');
}

/** Adds `is:<filter>` when absent, removes it when present: what clicking a filter chip does. */
export function toggleFilter(text: string, filter: TaskFilter): string {
  const { query } = parseFilterText(text);
  const set = new Set(query.filters ?? []);
  if (set.has(filter)) set.delete(filter);
  else set.add(filter);
  const filters = TASK_FILTERS.filter((f) => set.has(f));
  return formatFilterText({ ...query, filters: filters.length ? filters : undefined });
}

/** One `key:value` token as typed: its raw (unquoted) value and its range in the text. */
export interface FilterToken {
  value: string;
  from: number;
  to: number;
}

const tokenKey = (t: Token): string | undefined =>
  t.key === undefined ? undefined : (KEY_ALIASES[t.key] ?? t.key);

/** The last `key:` token of the text (the one the parser keeps when a key is repeated), or null. */
export function getFilterToken(text: string, key: FilterKey): FilterToken | null {
  const hits = tokenize(text).filter((t) => tokenKey(t) === key);
  const t = hits.at(-1);
  return t ? { value: t.value, from: t.from, to: t.to } : null;
}

/**
 * Sets one key's token, leaving the rest of the text as typed (even the parts that do not parse):
 * the first `key:` token is replaced, any other one removed, and the token is appended when the
 * text has none. `null` removes the key. What a column filter box does to the search text.
 */
export function setFilterToken(text: string, key: FilterKey, value: string | null): string {
  const hits = tokenize(text).filter((t) => tokenKey(t) === key);
  const token = value === null ? '' : `${key}:${quote(value)}`;
  if (hits.length === 0) {
    if (!token) return text;
    const head = text.trimEnd();
    return head ? `${head} ${token}` : token;
  }
  let out = text;
  // Right to left, so the earlier ranges stay valid while later ones are cut.
  for (let i = hits.length - 1; i >= 0; i--) {
    const t = hits[i]!;
    if (i === 0 && token) {
      out = out.slice(0, t.from) + token + out.slice(t.to);
      continue;
    }
    // Cut the token and the blanks after it (or before it, at the end of the text).
    let from = t.from;
    let to = t.to;
    while (to < out.length && /\s/.test(out[to]!)) to++;
    if (to === out.length) while (from > 0 && /\s/.test(out[from - 1]!)) from--;
    out = out.slice(0, from) + out.slice(to);
  }
  return out;
}

/** Values known to the workspace, offered as completions. */
export interface SuggestionContext {
  recipes?: readonly string[];
  tasks?: readonly string[];
  mcs?: readonly string[];
  builds?: readonly string[];
}

/** One completion: replace text[from, to) with `insert`. */
export interface FilterSuggestion {
  label: string;
  insert: string;
  from: number;
  to: number;
  detail?: string;
}

/** Completions for the token under the cursor: keys, then values of the key being typed. */
export function suggestFilters(
  text: string,
  cursor: number,
  ctx: SuggestionContext = {},
  max = 12,
): FilterSuggestion[] {
  let from = cursor;
  while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
  const word = text.slice(from, cursor);
  const colon = word.indexOf(':');
  if (colon < 0) {
    const lower = word.toLowerCase();
    return FILTER_KEYS.filter((k) => k.key.startsWith(lower))
      .map((k) => ({ label: `${k.key}:`, insert: `${k.key}:`, from, to: cursor, detail: k.help }))
      .slice(0, max);
  }
  const key = KEY_ALIASES[word.slice(0, colon).toLowerCase()] ?? word.slice(0, colon).toLowerCase();
  const prefix = word.slice(colon + 1).replace(/^"/, '');
  // server: and outcome: take lists: complete the item after the last comma, keep the ones before.
  const comma = key === 'server' || key === 'outcome' ? prefix.lastIndexOf(',') + 1 : 0;
  const done = prefix.slice(0, comma);
  return valuesOf(key, ctx)
    .filter((v) => v.startsWith(prefix.slice(comma)))
    .slice(0, max)
    .map((v) => ({
      label: `${key}:${done}${v}`,
      insert: `${key}:${quote(done + v)} `,
      from,
      to: cursor,
    }));
}

/** The values a key completes to (none for hashes: nobody types a hash from a list). */
function valuesOf(key: string, ctx: SuggestionContext): readonly string[] {
  switch (key) {
    case 'is':
      return TASK_FILTERS;
    case 'server':
      return SERVER_STATUSES;
    case 'outcome':
      return OUTCOMES;
    case 'sort':
      return TASK_SORT_COLUMNS.flatMap((c) => [c, `-${c}`]);
    case 'pn':
      return ctx.recipes ?? [];
    case 'task':
      return ctx.tasks ?? [];
    case 'mc':
      return ctx.mcs ?? [];
    case 'build':
      return ctx.builds ?? [];
    default:
      return [];
  }
}
