import type { SuggestionContext } from '../../../shared/model/filter-syntax';
import type { TaskFacets, TaskRow, WorkspaceSummary } from '../../../shared/model/tasks';
import type { AppState } from '../../state/types';
import { parseText, type ParsedText } from './query';
import { TABLE_PAGE } from './slice';

/** The query the search box text stands for (memoized on the text). */
export const selectParsedFilter = (s: AppState): ParsedText => parseText(s.tableText);

/** The row at an index among loaded pages, or undefined while its page loads. */
export const rowInPages = (pages: Record<number, TaskRow[]>, index: number): TaskRow | undefined =>
  pages[Math.floor(index / TABLE_PAGE)]?.[index % TABLE_PAGE];

/** The row at an index of the current list, or undefined while its page loads. */
export const rowAt = (s: AppState, index: number): TaskRow | undefined => rowInPages(s.tablePages, index);

/** The selected row's index: the stored one, else found among loaded pages by key (deep links). */
export const selectSelectedIndex = (s: AppState): number | null => {
  if (s.tableSelectedIndex !== null) return s.tableSelectedIndex;
  const key = s.tableSelectedKey;
  if (!key) return null;
  for (const [p, rows] of Object.entries(s.tablePages)) {
    const i = rows.findIndex((r) => r.key === key);
    if (i >= 0) return Number(p) * TABLE_PAGE + i;
  }
  return null;
};

/** Values the search box completes (recipes, tasks, multiconfigs, builds), from facets and builds. */
export function suggestionContext(facets: TaskFacets | null, ws: WorkspaceSummary | null): SuggestionContext {
  return {
    recipes: facets?.recipes.map((f) => f.value),
    tasks: facets?.tasks.map((f) => f.value),
    mcs: facets?.mcs.map((f) => f.value),
    builds: ws?.builds.map((b) => b.id),
  };
}
