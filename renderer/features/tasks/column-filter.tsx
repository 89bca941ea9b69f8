import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { getFilterToken, setFilterToken } from '../../../shared/model/filter-syntax';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import type { ColumnFilterSpec } from './column-filters';
import { applyColumnFilter, boxValue, columnToken, COLUMN_FILTERS, fixedChoices } from './column-filters';
import { parseText } from './query';

/** Typing pauses this long before the text (and the query) follows a box. */
export const COLUMN_FILTER_DEBOUNCE_MS = 200;

/** Moves the keyboard to the rows (Enter and Esc in an empty box). */
const focusGrid = () => document.querySelector<HTMLElement>('[role="grid"][aria-label="Tasks"]')?.focus();

/** The error the search text has on this column's token (the one the box shows), if any. */
function tokenError(text: string, spec: ColumnFilterSpec): string | undefined {
  const tok = getFilterToken(text, spec.key);
  // parseText is memoized on the text: the search box and every box share one parse.
  return tok ? parseText(text).errors.find((e) => e.from === tok.from)?.message : undefined;
}

/**
 * The filter box of one column: null for columns without a filter. Memoized on its props, so
 * pages streaming into the table do not re-render the boxes.
 */
export const ColumnFilter = memo(function ColumnFilter({
  columnId,
  header,
}: {
  columnId: string;
  header: string;
}) {
  const spec = COLUMN_FILTERS[columnId];
  if (!spec) return null;
  return spec.kind === 'choice' ? (
    <ChoiceFilter spec={spec} columnId={columnId} header={header} />
  ) : (
    <TextFilter spec={spec} columnId={columnId} header={header} />
  );
});

interface FilterProps {
  spec: ColumnFilterSpec;
  columnId: string;
  header: string;
}

/**
 * A text box that is a view of one token of the search text: typing rewrites the token (after a
 * pause), clearing removes it, and editing the token in the search box updates the box.
 */
function TextFilter({ spec, header }: FilterProps) {
  const store = useAppStoreApi();
  const text = useAppStore((s) => s.tableText);
  const token = columnToken(text, spec);
  const [value, setValue] = useState(() => boxValue(spec, token));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(value);
  latest.current = value;

  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const commit = (box: string) => {
    cancel();
    const s = store.getState();
    void s.setFilterText(applyColumnFilter(s.tableText, spec, box));
  };

  // The token changed in the text (search box, deep link, another view): show it, unless the box
  // already says the same (then keep what is typed: `*zl*` must not jump to `zl` under the caret).
  useEffect(() => {
    const typed = applyColumnFilter('', spec, latest.current);
    const now = token === null ? '' : applyColumnFilter('', spec, boxValue(spec, token));
    if (typed !== now) {
      cancel();
      setValue(boxValue(spec, token));
    }
  }, [token, spec]);
  useEffect(() => cancel, []);

  const error = token !== null ? tokenError(text, spec) : undefined;
  return (
    <input
      type="text"
      className={`col-filter${spec.kind === 'prefix' ? ' col-filter--hash' : ''}`}
      aria-label={`Filter ${header.toLowerCase()}`}
      aria-invalid={error ? true : undefined}
      title={error ?? spec.help}
      placeholder={spec.placeholder}
      spellCheck={false}
      autoComplete="off"
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        setValue(v);
        cancel();
        timer.current = setTimeout(() => commit(v), COLUMN_FILTER_DEBOUNCE_MS);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          if (value === '' && token === null) {
            e.currentTarget.blur();
            focusGrid();
          } else {
            setValue('');
            commit('');
          }
        } else if (e.key === 'Enter') {
          commit(value);
          focusGrid();
        } else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    />
  );
}

const ANY = '\u0000any';

/** A select for a column of known values (mc, build, server status, outcome); writes at once. */
function ChoiceFilter({ spec, header }: FilterProps) {
  const store = useAppStoreApi();
  const token = useAppStore((s) => columnToken(s.tableText, spec));
  const ws = useAppStore(selectActiveWorkspace);
  const choices = useMemo(() => {
    const values: Array<[string, string]> = fixedChoices(spec).map((v) => [v, v]);
    if (spec.key === 'mc') {
      values.push(['', '(default)']);
      for (const mc of [...new Set(ws?.builds.flatMap((b) => b.multiconfigs) ?? [])]) values.push([mc, mc]);
    } else if (spec.key === 'build') {
      for (const b of ws?.builds ?? []) values.push([b.id, b.label]);
    }
    // A value typed in the search box that is not one of the choices (a list: outcome:ran,failed).
    if (token !== null && !values.some(([v]) => v === token)) values.push([token, token]);
    return values;
  }, [spec, ws, token]);

  // The value is the token's own ('' is mc's default configuration): no box-to-token mapping.
  const write = (v: string | null) => {
    const s = store.getState();
    void s.setFilterText(setFilterToken(s.tableText, spec.key, v));
  };
  return (
    <select
      className="col-filter"
      aria-label={`Filter ${header.toLowerCase()}`}
      title={spec.help}
      value={token ?? ANY}
      onChange={(e) => write(e.target.value === ANY ? null : e.target.value)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        if (token !== null) write(null);
        else focusGrid();
      }}
    >
      <option value={ANY}>{spec.placeholder}</option>
      {choices.map(([v, label]) => (
        <option key={`=${v}`} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}
