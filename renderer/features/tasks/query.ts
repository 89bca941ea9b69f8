import type { FilterError } from '../../../shared/model/filter-syntax';
import { formatFilterText, parseFilterText } from '../../../shared/model/filter-syntax';
import type { TaskQueryInput, TaskSortColumn } from '../../../shared/model/tasks';

/** A parsed filter text: the query it sets and the tokens that could not be understood. */
export interface ParsedText {
  query: TaskQueryInput;
  errors: FilterError[];
}

let lastText: string | null = null;
let lastParsed: ParsedText = { query: {}, errors: [] };

/**
 * The query a filter text stands for (memoized on the last text: selectors call it on every
 * store change, and it must hand back the same object while the text is unchanged).
 */
export function parseText(text: string): ParsedText {
  if (text !== lastText) {
    lastText = text;
    const { query, errors } = parseFilterText(text);
    lastParsed = { query, errors };
  }
  return lastParsed;
}

/**
 * Clicking a column header: ascending first, then descending, then back to the default order.
 * The sort lives in the text (`sort:-pn`) so a deep link carries it.
 */
export function cycleSort(text: string, column: TaskSortColumn): string {
  const { query } = parseFilterText(text);
  const cur = query.sort;
  const sort =
    cur?.column !== column
      ? { column, dir: 'asc' as const }
      : cur.dir === 'asc'
        ? { column, dir: 'desc' as const }
        : undefined;
  return formatFilterText({ ...query, sort });
}

/** Sets (or clears, with null) one `key:value` of the text, keeping everything else. */
export function setTextField(
  text: string,
  field: 'recipe' | 'task' | 'mc' | 'build',
  value: string | null,
): string {
  const { query } = parseFilterText(text);
  return formatFilterText({ ...query, [field]: value ?? undefined });
}
