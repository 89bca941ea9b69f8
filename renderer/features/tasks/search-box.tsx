import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FilterSuggestion } from '../../../shared/model/filter-syntax';
import { suggestFilters } from '../../../shared/model/filter-syntax';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import { parseText } from './query';
import { suggestionContext } from './selectors';

/**
 * The search box of the task table, in the top bar: free text (recipe/task names, hash prefixes)
 * plus the filter language (`pn:zlib is:equivalent sort:-created`), with completions under the
 * caret (Tab or Enter takes one, arrows move) and the tokens it cannot read shown below.
 */
export function TaskSearchBox() {
  const store = useAppStoreApi();
  const text = useAppStore((s) => s.tableText);
  const facets = useAppStore((s) => s.facets);
  const ws = useAppStore(selectActiveWorkspace);
  const ctx = useMemo(() => suggestionContext(facets, ws), [facets, ws]);
  const [value, setValue] = useState(text);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  // The store's text changed elsewhere (a facet chip, a deep link, a sort click): follow it.
  useEffect(() => {
    setValue((v) => (v === text ? v : text));
  }, [text]);

  const suggestions = useMemo<FilterSuggestion[]>(
    () => (open ? suggestFilters(value, caret, ctx, 10) : []),
    [open, value, caret, ctx],
  );
  const errors = parseText(value).errors;

  const commit = (next: string) => {
    setValue(next);
    const s = store.getState();
    // Searching shows the list (from any view, the full task detail included).
    if (s.view !== 'tasks') s.navigate('tasks');
    void s.setFilterText(next);
  };

  const take = (sug: FilterSuggestion) => {
    const next = value.slice(0, sug.from) + sug.insert + value.slice(sug.to);
    commit(next);
    const pos = sug.from + sug.insert.length;
    setCaret(pos);
    setActive(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(pos, pos));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const sug = suggestions[active];
    if (e.key === 'ArrowDown' && suggestions.length)
      setActive((a) => Math.min(suggestions.length - 1, a + 1));
    else if (e.key === 'ArrowUp' && suggestions.length) setActive((a) => Math.max(0, a - 1));
    else if (
      (e.key === 'Tab' || e.key === 'Enter') &&
      sug &&
      open &&
      value.slice(sug.from, sug.to) !== sug.insert.trim()
    )
      take(sug);
    else if (e.key === 'Enter') {
      // Enter with nothing to complete: go to the rows (keyboard first).
      setOpen(false);
      document.querySelector<HTMLElement>('[role="grid"][aria-label="Tasks"]')?.focus();
    } else if (e.key === 'Escape') {
      if (open && suggestions.length) setOpen(false);
      else input.current?.blur();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="search">
      <input
        ref={input}
        type="search"
        data-testid="task-search"
        data-search="tasks"
        aria-label="Search tasks: recipe, task, hash prefix or filters like pn:zlib is:equivalent"
        // Only while the list exists: an id that points nowhere is invalid ARIA.
        aria-controls={suggestions.length > 0 ? listId : undefined}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? `${listId}-err` : undefined}
        placeholder="Search  pn:zlib  task:do_compile  is:equivalent  3fe2…   ( / )"
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(0);
          commit(e.target.value);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {suggestions.length > 0 && (
        <ul id={listId} className="search__suggest" role="listbox" aria-label="Filter suggestions">
          {suggestions.map((sug, i) => (
            <li
              key={sug.label}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                take(sug);
              }}
            >
              <code>{sug.label}</code>
              {sug.detail && <span className="muted">{sug.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {errors.length > 0 && (
        <div id={`${listId}-err`} className="search__errors" role="status">
          {errors.map((e) => `${value.slice(e.from, e.to)}: ${e.message}`).join(' · ')}
        </div>
      )}
    </div>
  );
}
