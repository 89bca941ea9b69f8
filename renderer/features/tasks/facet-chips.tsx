import { TASK_FILTERS, type TaskFilter } from '../../../shared/model/tasks';
import { toggleFilter } from '../../../shared/model/filter-syntax';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import { FACETS_AUTO_MAX } from './slice';
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
  const big = useAppStore((s) => (selectActiveWorkspace(s)?.counts.rows ?? 0) > FACETS_AUTO_MAX);
  // Without counts on a big workspace every filter is offered; a small one shows its chips when
  // the counts arrive (a moment later), so the row of chips does not wrap and then shrink.
  const shown = TASK_FILTERS.filter((f) => active.has(f) || (facets ? (facets.filters[f] ?? 0) > 0 : big));
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
      {!facets && !big && <span className="muted chips__wait">counting…</span>}
      {!facets && big && (
        <button
          type="button"
          className="link small"
          onClick={() => void store.getState().loadFacets()}
          title="Counting takes a few seconds on a workspace this big"
        >
          Count rows per filter
        </button>
      )}
    </div>
  );
}
