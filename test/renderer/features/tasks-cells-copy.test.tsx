import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { BuildSummary, TaskQuery, WorkspaceSummary } from '../../../shared/model/tasks';
import { FILTER_KEYS } from '../../../shared/model/filter-syntax';
import { createAppStore, StoreProvider } from '../../../renderer/state';
import { App } from '../../../renderer/app/app';
import { NO_EVENT_LOG, NO_SERVER_STATUS, NOT_IN_EVENT_LOG } from '../../../renderer/features/tasks/columns';
import { taskRow } from '../../helpers/fake-workspace';
import { stubLayout } from '../helpers/layout';
import { fakeApi } from './fake-api';

const counts = {
  rows: 3,
  recipes: 2,
  tasks: 3,
  unihashes: 3,
  equivalent: 1,
  disagree: 0,
  withSstate: 0,
  classes: 1,
};
const build = (id: string, withLog: boolean): BuildSummary => ({
  id,
  label: id,
  inputs: [`/builds/${id}`],
  root: `/builds/${id}`,
  sources: withLog ? [{ kind: 'eventlog', path: `/builds/${id}/tmp/log/x.json`, status: 'ok' }] : [],
  multiconfigs: [],
  counts,
  warnings: [],
  indexMs: 1,
});
const summary: WorkspaceSummary = { id: 'ws1', builds: [build('b1', true), build('b2', false)], counts };
const h = (c: string) => c.repeat(64);
const rows = [
  taskRow({
    pn: 'zlib',
    task: 'do_package_write_ipk',
    taskhash: h('a'),
    outhashes: [h('f'), h('e')],
    serverStatus: 'unknown',
    outcome: 'restored',
  }),
  taskRow({ pn: 'zlib', task: 'do_populate_sysroot', taskhash: h('b'), unihash: h('c'), classSize: 2 }),
  taskRow({ pn: 'busybox', task: 'do_fetch', taskhash: h('d'), build: 'b2', serverStatus: 'different' }),
];

function setup() {
  const writeText = vi.fn((_text: string) => Promise.resolve());
  Object.assign(navigator, { clipboard: { writeText } });
  const api = fakeApi({
    'workspace.openDemo': async () => summary,
    'workspace.recent': async () => [],
    'tasks.query': async ({ query }) => {
      const q = query as TaskQuery;
      return { rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length, offset: q.offset };
    },
  });
  const store = createAppStore({ api });
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  return { store, writeText };
}

async function openGrid() {
  const ctx = setup();
  await ctx.store.getState().openDemo();
  const grid = await screen.findByRole('grid', { name: 'Tasks' });
  await waitFor(() => expect(within(grid).getAllByTestId('task-row')).toHaveLength(3));
  return { ...ctx, grid, trs: within(grid).getAllByTestId('task-row') };
}

const cells = (tr: HTMLElement) => within(tr).getAllByRole('gridcell');
const colIndex = (grid: HTMLElement, name: string) =>
  within(within(grid).getAllByRole('row')[0]!)
    .getAllByRole('columnheader')
    .findIndex((c) => c.textContent?.replace(/[▲▼]/, '').trim() === name);

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(1440, 800);
  window.location.hash = '';
});
afterEach(() => restore());

describe('Tasks view cells', () => {
  it('shows task names without do_, the full name as title and for screen readers', async () => {
    const { grid, trs } = await openGrid();
    const cell = cells(trs[0]!)[colIndex(grid, 'Task')]!;
    // Drawn without do_; screen readers get the full name (the short one is aria-hidden).
    expect(cell.querySelector('[aria-hidden="true"]')!.textContent).toBe('package_write_ipk');
    expect(cell.querySelector('.sr-only')!.textContent).toBe('do_package_write_ipk');
    expect(within(cell).getByTitle('do_package_write_ipk')).toBeTruthy();
  });

  it('server and outcome cells say their value, or why they are empty', async () => {
    const { grid, trs } = await openGrid();
    const server = colIndex(grid, 'Server');
    const outcome = colIndex(grid, 'Outcome');
    expect(trs.map((tr) => cells(tr)[server]!.textContent)).toEqual([
      'not on server',
      `—${NO_SERVER_STATUS}`,
      'differs',
    ]);
    expect(within(cells(trs[0]!)[server]!).getByTitle('The server does not know this taskhash')).toBeTruthy();
    expect(within(cells(trs[1]!)[server]!).getByTitle(NO_SERVER_STATUS).textContent).toContain('—');
    // b1 has an event log, b2 none: an empty outcome says which case it is.
    expect(trs.map((tr) => cells(tr)[outcome]!.textContent)).toEqual([
      'restored',
      `—${NOT_IN_EVENT_LOG}`,
      `—${NO_EVENT_LOG}`,
    ]);
  });

  it('every hash cell has the full hash in its title and a copy button named with it', async () => {
    const { grid, trs } = await openGrid();
    const [tr] = trs;
    for (const [col, hash, label] of [
      ['Taskhash', h('a'), 'taskhash'],
      ['Unihash', h('a'), 'unihash'],
      ['Outhash', h('f'), 'outhash'],
    ] as const) {
      const cell = cells(tr!)[colIndex(grid, col)]!;
      expect(cell.querySelector('code')!.textContent).toBe(`${hash.slice(0, 8)}…`);
      expect(cell.querySelector('.hash')!.getAttribute('title')).toContain(hash);
      expect(within(cell).getByRole('button', { name: `Copy ${label} ${hash}` })).toBeTruthy();
    }
    const out = cells(tr!)[colIndex(grid, 'Outhash')]!;
    expect(out.querySelector('.hash')!.getAttribute('title')).toBe(`${h('f')}\n${h('e')}`);
    expect(within(out).getByLabelText('1 more outhashes')).toBeTruthy();
  });
});

describe('Tasks view copy', () => {
  it('c copies the selected unihash, Shift+C its taskhash, with a status line', async () => {
    const { grid, writeText, store } = await openGrid();
    grid.focus();
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'j' });
    expect(store.getState().tableSelectedKey).toBe(rows[1]!.key);
    fireEvent.keyDown(grid, { key: 'c' });
    expect(writeText).toHaveBeenLastCalledWith(h('c'));
    const status = screen.getByTestId('tasks-status');
    // A live region: screen readers announce the confirmation without focus moving.
    expect(status.getAttribute('role')).toBe('status');
    await waitFor(() =>
      expect(status.textContent).toBe(`Copied unihash ${h('c').slice(0, 12)}… of zlib:do_populate_sysroot`),
    );
    fireEvent.keyDown(grid, { key: 'C', shiftKey: true });
    expect(writeText).toHaveBeenLastCalledWith(h('b'));
    await waitFor(() =>
      expect(screen.getByTestId('tasks-status').textContent).toBe(
        `Copied taskhash ${h('b').slice(0, 12)}… of zlib:do_populate_sysroot`,
      ),
    );
  });

  it('keys typed in the search box or a column filter never copy', async () => {
    const { grid, writeText } = await openGrid();
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'c' });
    const filters = within(grid).getAllByRole('textbox');
    fireEvent.keyDown(filters[0]!, { key: 'c' });
    fireEvent.keyDown(filters[0]!, { key: 'C', shiftKey: true });
    expect(writeText).not.toHaveBeenCalled();
  });

  it('a clipboard that is not there is said in the status line', async () => {
    const { grid } = await openGrid();
    Object.assign(navigator, { clipboard: undefined });
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'c' });
    await waitFor(() =>
      expect(screen.getByTestId('tasks-status').textContent).toBe(
        'Could not copy the unihash: the clipboard is not available here (web mode needs https or localhost)',
      ),
    );
  });

  it("clicking a row's copy button copies and selects that row", async () => {
    const { grid, trs, writeText, store } = await openGrid();
    const cell = cells(trs[2]!)[colIndex(grid, 'Taskhash')]!;
    fireEvent.click(within(cell).getByRole('button', { name: `Copy taskhash ${h('d')}` }));
    expect(writeText).toHaveBeenCalledWith(h('d'));
    expect(store.getState().tableSelectedKey).toBe(rows[2]!.key);
    expect(trs[2]!.getAttribute('aria-selected')).toBe('true');
  });
});

describe('? overlay', () => {
  it('lists the copy keys and every key of the search language, from FILTER_KEYS', async () => {
    await openGrid();
    fireEvent.keyDown(document.body, { key: '?' });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const syntax = within(dialog).getByRole('table', { name: 'Search syntax' });
    expect(
      within(syntax)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(FILTER_KEYS.map((k) => `${k.key}:${k.help}`));
    expect(within(syntax).getByText('taskhash:')).toBeTruthy();
    expect(within(dialog).getByText('Shift+C').closest('tr')!.textContent).toContain('taskhash');
    expect(within(dialog).getByText('c').closest('tr')!.textContent).toContain('unihash');
  });
});
