import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** One column of a VirtualTable. */
export interface Column<Row> {
  id: string;
  header: string;
  /** CSS width (e.g. '8rem', '1fr'): rows are a CSS grid so header and cells line up. */
  width: string;
  render: (row: Row) => ReactNode;
  /** Whether clicking the header sorts by this column. */
  sortable?: boolean;
}

/** Props of VirtualTable. */
export interface VirtualTableProps<Row> {
  /** Accessible name of the grid ("Tasks"). */
  label: string;
  columns: ReadonlyArray<Column<Row>>;
  /** Total rows (server-side count); only the visible window is ever rendered. */
  rowCount: number;
  /** The row at an index, or undefined while its page is loading (a placeholder row is drawn). */
  getRow: (index: number) => Row | undefined;
  /** Called with the visible range (plus overscan) so the owner can fetch pages. */
  onRangeChange?: (start: number, end: number) => void;
  selectedIndex?: number | null;
  onSelect?: (index: number) => void;
  /** Enter or double-click on a row. */
  onOpen?: (index: number) => void;
  sort?: { column: string; dir: 'asc' | 'desc' } | undefined;
  onSort?: (column: string) => void;
  rowHeight?: number;
  /** Extra class per row (e.g. marking disagreements). */
  rowClassName?: (row: Row) => string | undefined;
  /** When this value changes the list is a new one (a new filter): scroll back to the top. */
  resetKey?: string;
  /** data-testid of each loaded row (placeholders have none), for end-to-end tests. */
  rowTestId?: string;
  /**
   * A second header row under the column headers, one cell per column (e.g. per-column filter
   * boxes): what it returns for a column, aligned on the same grid. Keys typed there never move rows.
   */
  headerFilter?: (column: Column<Row>) => ReactNode;
  /**
   * Single-key actions on the selected row, by `KeyboardEvent.key` ('c', and 'C' for Shift+C), e.g.
   * copying a hash: the cells' copy buttons are pointer-only (rows are the Tab stops). Never fired
   * from a text box, with Ctrl/Cmd/Alt held (Ctrl+C stays the browser's), or as the key after `g`
   * (`g c` is go-to navigation).
   */
  rowKeys?: Readonly<Record<string, (index: number) => void>>;
}

const isEditable = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * A virtualized grid that stays smooth at a million rows: fixed row height (no layout jumps while
 * pages stream in), keyboard first (arrows, j/k, PageUp/PageDown, Home/End, Enter), ARIA grid roles.
 */
export function VirtualTable<Row>(props: VirtualTableProps<Row>) {
  const { columns, rowCount, getRow, selectedIndex, onSelect, onOpen, sort, onSort, onRangeChange } = props;
  const rowHeight = props.rowHeight ?? 26;
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRangeChange?.(first, last + 1);
  }, [first, last, onRangeChange]);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [props.resetKey]);

  useEffect(() => {
    if (selectedIndex !== null && selectedIndex !== undefined && selectedIndex < rowCount)
      virt.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, rowCount, virt]);

  const template = columns.map((c) => c.width).join(' ');
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight * 20) / rowHeight) - 1);

  const headRows = props.headerFilter ? 2 : 1;
  // The previous key pressed in the grid: a key right after `g` belongs to go-to navigation.
  const prevKey = useRef('');

  const onKeyDown = (e: React.KeyboardEvent) => {
    const afterG = prevKey.current === 'g';
    prevKey.current = e.key;
    // Typing in a box of the header (a filter) is text, not navigation: j, k and arrows stay there.
    if (rowCount === 0 || !onSelect || isEditable(e.target)) return;
    const cur = selectedIndex ?? -1;
    const action = props.rowKeys && Object.hasOwn(props.rowKeys, e.key) ? props.rowKeys[e.key] : undefined;
    if (action) {
      if (cur < 0 || afterG || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      action(cur);
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: cur + 1,
      j: cur + 1,
      ArrowUp: cur - 1,
      k: cur - 1,
      PageDown: cur + page,
      PageUp: cur - page,
      Home: 0,
      End: rowCount - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      onSelect(Math.max(0, Math.min(rowCount - 1, moves[e.key]!)));
    } else if (e.key === 'Enter' && cur >= 0) {
      e.preventDefault();
      onOpen?.(cur);
    }
  };

  return (
    <div
      className="vtable"
      role="grid"
      aria-label={props.label}
      aria-rowcount={rowCount + headRows}
      aria-colcount={columns.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={
        selectedIndex !== null && selectedIndex !== undefined
          ? `${props.label}-row-${selectedIndex}`
          : undefined
      }
    >
      <div className="vtable__head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => {
          const active = sort?.column === c.id;
          const ariaSort = active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none';
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={c.sortable ? ariaSort : undefined}
              className="vtable__th"
            >
              {c.sortable && onSort ? (
                <button type="button" onClick={() => onSort(c.id)}>
                  {c.header}
                  {active ? (sort!.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.header
              )}
            </div>
          );
        })}
      </div>
      {props.headerFilter && (
        <div
          className="vtable__filters"
          role="row"
          aria-rowindex={2}
          style={{ gridTemplateColumns: template }}
        >
          {columns.map((c) => (
            <div key={c.id} role="columnheader" className="vtable__tf">
              {props.headerFilter!(c)}
            </div>
          ))}
        </div>
      )}
      <div ref={scroller} className="vtable__body">
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = getRow(item.index);
            const selected = item.index === selectedIndex;
            return (
              <div
                key={item.key}
                id={`${props.label}-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 1 + headRows}
                aria-selected={selected}
                data-testid={row ? props.rowTestId : undefined}
                className={`vtable__row${selected ? ' is-selected' : ''}${row ? ` ${props.rowClassName?.(row) ?? ''}` : ' is-loading'}`}
                style={{
                  gridTemplateColumns: template,
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                }}
                // Capture: a click on a cell's own button (copy) selects the row too, though the
                // button stops the click from bubbling.
                onClickCapture={() => onSelect?.(item.index)}
                onDoubleClick={() => onOpen?.(item.index)}
              >
                {columns.map((c) => (
                  <div key={c.id} role="gridcell" className="vtable__td">
                    {row ? c.render(row) : <span className="skeleton" aria-hidden="true" />}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
