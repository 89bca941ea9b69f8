import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import type { Column } from '../../../renderer/components/virtual-table';
import { VirtualTable } from '../../../renderer/components/virtual-table';
import { stubLayout } from '../helpers/layout';

interface Row {
  n: number;
}
const columns: Column<Row>[] = [
  { id: 'n', header: 'Number', width: '6rem', render: (r) => String(r.n), sortable: true },
  { id: 'sq', header: 'Square', width: '1fr', render: (r) => String(r.n * r.n) },
];

function Harness(props: {
  rowCount: number;
  onOpen?: (i: number) => void;
  onRange?: (a: number, b: number) => void;
  loaded?: (i: number) => boolean;
  rowKeys?: Record<string, (index: number) => void>;
  columns?: Column<Row>[];
}) {
  const [sel, setSel] = useState<number | null>(null);
  return (
    <VirtualTable
      label="Numbers"
      columns={props.columns ?? columns}
      rowCount={props.rowCount}
      getRow={(i) => ((props.loaded?.(i) ?? true) ? { n: i } : undefined)}
      selectedIndex={sel}
      onSelect={setSel}
      onOpen={props.onOpen}
      onRangeChange={props.onRange}
      sort={{ column: 'n', dir: 'asc' }}
      onSort={() => {}}
      rowKeys={props.rowKeys}
    />
  );
}

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(800, 260); // 260px / 26px rows = 10 visible rows
});
afterEach(() => restore());

describe('VirtualTable', () => {
  it('renders only a window of a million rows, with ARIA grid counts', () => {
    render(<Harness rowCount={1_000_000} />);
    const grid = screen.getByRole('grid', { name: 'Numbers' });
    expect(grid.getAttribute('aria-rowcount')).toBe('1000001');
    const rows = within(grid).getAllByRole('row');
    // header + visible rows + overscan, never the million
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(
      within(rows[1]!)
        .getAllByRole('gridcell')
        .map((c) => c.textContent),
    ).toEqual(['0', '0']);
    expect(screen.getByRole('columnheader', { name: /Number/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('asks for the visible range so pages can be fetched', () => {
    const onRange = vi.fn();
    render(<Harness rowCount={5000} onRange={onRange} />);
    expect(onRange).toHaveBeenCalled();
    const [start, end] = onRange.mock.lastCall as [number, number];
    expect(start).toBe(0);
    expect(end).toBeGreaterThanOrEqual(10);
    expect(end).toBeLessThan(60);
  });

  it('moves the selection with j/k and arrows and opens with Enter', () => {
    const onOpen = vi.fn();
    render(<Harness rowCount={100} onOpen={onOpen} />);
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'k' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('Numbers-row-1');
    fireEvent.keyDown(grid, { key: 'End' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('Numbers-row-99');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(99);
  });

  it('draws placeholder rows while a page is loading', () => {
    render(<Harness rowCount={50} loaded={(i) => i < 3} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[2]!.className).not.toContain('is-loading');
    expect(rows[3]!.className).toContain('is-loading');
  });

  it('runs row keys on the selected row, never from a text box, with Ctrl, or after g', () => {
    const copy = vi.fn();
    const copyUpper = vi.fn();
    const withBox: Column<Row>[] = [
      ...columns,
      { id: 'box', header: 'Box', width: '4rem', render: (r) => <input aria-label={`box ${r.n}`} /> },
    ];
    render(<Harness rowCount={10} rowKeys={{ c: copy, C: copyUpper }} columns={withBox} />);
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'c' });
    expect(copy).not.toHaveBeenCalled(); // nothing selected yet
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'c' });
    expect(copy).toHaveBeenCalledWith(1);
    fireEvent.keyDown(grid, { key: 'C', shiftKey: true });
    expect(copyUpper).toHaveBeenCalledWith(1);
    fireEvent.keyDown(grid, { key: 'c', ctrlKey: true });
    fireEvent.keyDown(screen.getByLabelText('box 0'), { key: 'c' });
    fireEvent.keyDown(grid, { key: 'g' });
    fireEvent.keyDown(grid, { key: 'c' });
    expect(copy).toHaveBeenCalledTimes(1);
    // After the g-sequence is over, c is a row key again.
    fireEvent.keyDown(grid, { key: 'c' });
    expect(copy).toHaveBeenCalledTimes(2);
  });

  it('a click on a button inside a row that stops the click still selects the row', () => {
    const pressed = vi.fn();
    const withButton: Column<Row>[] = [
      ...columns,
      {
        id: 'btn',
        header: 'Copy',
        width: '4rem',
        render: (r) => (
          <button
            type="button"
            onClick={(e) => {
              e.stopPropagation();
              pressed(r.n);
            }}
          >
            copy {r.n}
          </button>
        ),
      },
    ];
    render(<Harness rowCount={10} columns={withButton} />);
    fireEvent.click(screen.getByRole('button', { name: 'copy 4' }));
    expect(pressed).toHaveBeenCalledWith(4);
    expect(screen.getByRole('grid').getAttribute('aria-activedescendant')).toBe('Numbers-row-4');
  });
});
