/**
 * The search box's filter language, e.g. `pn:zlib task:do_compile is:equivalent is:no-sstate 3fe2`:
 * `key:value` tokens narrow the query, everything else is free text (recipe/task names, hash prefixes).
 * Pure: the renderer parses as the user types, shows errors under the box and offers suggestions;
 * `formatFilterText` turns a query back into text for deep links and for facet clicks.
 */
import type { TaskFilter, TaskQueryInput, TaskSortColumn } from './tasks';
import { TASK_FILTERS, TASK_SORT_COLUMNS } from './tasks';

/** The keys the language knows, with what each does (shown by suggestions and `?`). */
export const FILTER_KEYS = [
  { key: 'pn', help: 'recipe name (PN), exact' },
  { key: 'task', help: 'task name, with or without do_' },
  { key: 'mc', help: 'multiconfig name ("" for the default configuration)' },
  { key: 'build', help: 'build id of the workspace' },
  { key: 'is', help: `row filter: ${TASK_FILTERS.join(', ')}` },
  { key: 'sort', help: 'sort column, "-" prefix for descending' },
] as const;

type FilterKey = (typeof FILTER_KEYS)[number]['key'];
const KEY_ALIASES: Record<string, FilterKey> = { recipe: 'pn' };

/** A problem with one token, with its character range in the text. */
export interface FilterError {
  from: number;
  to: number;
  message: string;
}

/** The query fields the text sets, and what could not be understood. */
export interface ParsedFilter {
  query: Pick<TaskQueryInput, 'search' | 'recipe' | 'task' | 'mc' | 'build' | 'filters' | 'sort'>;
  errors: FilterError[];
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
        if (t.value) query.recipe = t.value;
        else err('pn: needs a recipe name');
        break;
      case 'task':
        if (t.value) query.task = t.value.startsWith('do_') ? t.value : `do_${t.value}`;
        else err('task: needs a task name');
        break;
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
  if (q.task !== undefined) parts.push(`task:${quote(q.task)}`);
  if (q.mc !== undefined) parts.push(`mc:${quote(q.mc)}`);
  if (q.build !== undefined) parts.push(`build:${quote(q.build)}`);
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
  const key = (KEY_ALIASES[word.slice(0, colon).toLowerCase()] ??
    word.slice(0, colon).toLowerCase()) as FilterKey;
  const prefix = word.slice(colon + 1).replace(/^"/, '');
  const values: readonly string[] =
    key === 'is'
      ? TASK_FILTERS
      : key === 'sort'
        ? TASK_SORT_COLUMNS.flatMap((c) => [c, `-${c}`])
        : key === 'pn'
          ? (ctx.recipes ?? [])
          : key === 'task'
            ? (ctx.tasks ?? [])
            : key === 'mc'
              ? (ctx.mcs ?? [])
              : key === 'build'
                ? (ctx.builds ?? [])
                : [];
  return values
    .filter((v) => v.startsWith(prefix))
    .slice(0, max)
    .map((v) => ({ label: `${key}:${v}`, insert: `${key}:${quote(v)} `, from, to: cursor }));
}
