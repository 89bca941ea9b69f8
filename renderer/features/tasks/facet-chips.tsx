import { TASK_FILTERS, type TaskFilter } from '../../../shared/model/tasks';
import { toggleFilter } from '../../../shared/model/filter-syntax';
import { useAppStore, useAppStoreApi } from '../../state';
import { selectParsedFilter } from './selectors';

/** What each chip means, for its tooltip. */
const FILTER_HELP: Record<TaskFilter, string> = {
  equivalent: 'unihash differs from taskhash: output matched an earlier build',
  disagree: 'the sources give different unihashes',
  'no-sstate': 'no sstate object named by the unihash',
  'has-sstate': 'an sstate object exists',
  'no-outhash': 'no outhash recorded',
  'multi-outhash': 'more than one outhash: output not reproducible',
  'shared-unihash': 'unihash shared with another taskhash',
  differs: 'the server answers another unihash',
  'not-on-server': 'the server does not know it',
  'server-only': 'known only to the server',
  ran: 'ran in the logged build',
  restored: 'restored from sstate in the logged build',
  failed: 'failed in the logged build',
  multiconfig: 'belongs to a multiconfig',
};

/**
 * Filter chips with counts (how many rows each filter would leave on top of the current query);
 * a click toggles `is:<filter>` in the search text. Chips with no rows are hidden unless active.
 */
export function FacetChips() {
  const store = useAppStoreApi();
  const facets = useAppStore((s) => s.facets);
  const active = new Set(useAppStore(selectParsedFilter).query.filters ?? []);
  const shown = TASK_FILTERS.filter((f) => active.has(f) || (facets?.filters[f] ?? 0) > 0);
  return (
    <div className="chips" role="toolbar" aria-label="Row filters">
      {shown.map((f) => {
        const on = active.has(f);
        const n = facets?.filters[f];
        return (
          <button
            key={f}
            type="button"
            className={`chip chip--${f}${on ? ' is-on' : ''}`}
            aria-pressed={on}
            title={FILTER_HELP[f]}
            onClick={() => void store.getState().setFilterText(toggleFilter(store.getState().tableText, f))}
          >
            is:{f} <span className="chip__n">{n === undefined ? '' : n.toLocaleString()}</span>
          </button>
        );
      })}
      {!facets && <span className="muted chips__wait">counting…</span>}
    </div>
  );
}
