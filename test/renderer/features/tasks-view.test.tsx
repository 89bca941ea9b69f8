import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TaskQuery, WorkspaceSummary } from '../../../shared/model/tasks';
import { createAppStore, StoreProvider } from '../../../renderer/state';
import { App } from '../../../renderer/app/app';
import { taskRow } from '../../helpers/fake-workspace';
import { stubLayout } from '../helpers/layout';
import { fakeApi } from './fake-api';

const counts = {
  rows: 3,
  recipes: 2,
  tasks: 1,
  unihashes: 3,
  equivalent: 1,
  disagree: 1,
  withSstate: 0,
  classes: 1,
};
const summary: WorkspaceSummary = { id: 'ws1', builds: [], counts };
const h = (c: string) => c.repeat(64);
const rows = [
  taskRow({ pn: 'zlib', task: 'do_compile', taskhash: h('a') }),
  taskRow({ pn: 'zlib', task: 'do_install', taskhash: h('b'), unihash: h('c'), classSize: 2 }),
  taskRow({
    pn: 'sqlite3',
    task: 'do_populate_sysroot',
    taskhash: h('d'),
    unihash: h('d'),
    unihashes: [
      { kind: 'unihash-cache', path: '/b/cache/bb_unihashes.dat', unihash: h('d') },
      { kind: 'hashserv-db', path: '/b/cache/hashserv.db', unihash: h('e') },
    ],
  }),
];

function setup() {
  const queries: TaskQuery[] = [];
  const api = fakeApi({
    'app.info': async () => ({
      name: 'Hash Equivalence Inspector',
      version: '0.1.0',
      mode: 'web',
      platform: 'linux',
      docsUrl: '',
    }),
    'workspace.openDemo': async () => summary,
    'workspace.recent': async () => [],
    'tasks.query': async ({ query }) => {
      const q = query as TaskQuery;
      queries.push(q);
      const hit = rows.filter(
        (r) =>
          (!q.recipe || r.pn === q.recipe) &&
          (!q.filters?.includes('equivalent') || r.unihash !== r.taskhash),
      );
      return { rows: hit.slice(q.offset, q.offset + q.limit), total: hit.length, offset: q.offset };
    },
    'tasks.facets': async () => ({
      total: 3,
      recipes: [
        { value: 'zlib', count: 2 },
        { value: 'sqlite3', count: 1 },
      ],
      tasks: [],
      mcs: [],
      builds: [],
      filters: { equivalent: 1, disagree: 1 } as Record<string, number>,
    }),
  });
  const store = createAppStore({ api });
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  return { store, queries, api };
}

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(1400, 800);
  window.location.hash = '';
});
afterEach(() => restore());

describe('Tasks view', () => {
  it('marks equivalent rows and disagreements, with every source in the tooltip', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    const grid = await screen.findByRole('grid', { name: 'Tasks' });
    await waitFor(() => expect(within(grid).getAllByTestId('task-row')).toHaveLength(3));
    const [, equiv, disputed] = within(grid).getAllByTestId('task-row');
    expect(equiv!.className).toContain('row--equivalent');
    expect(disputed!.className).toContain('row--disagree');
    expect(within(disputed!).getByLabelText('2 different unihashes')).toBeTruthy();
    const title = disputed!.querySelector('.hash.is-disagree')!.getAttribute('title')!;
    expect(title.split('\n')).toEqual([
      `${h('d')}  ← unihash-cache /b/cache/bb_unihashes.dat`,
      `${h('e')}  ← hashserv-db /b/cache/hashserv.db`,
    ]);
    expect(screen.getByTestId('task-total').textContent).toBe('3 tasks');
  });

  it('a facet chip toggles is:equivalent in the search box and the query', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    const chip = await screen.findByRole('button', { name: /is:equivalent/ });
    await waitFor(() => expect(chip.textContent).toBe('is:equivalent 1'));
    await userEvent.click(chip);
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('is:equivalent');
    await waitFor(() => expect(screen.getByTestId('task-total').textContent).toBe('1 task of 3'));
    expect(queries.at(-1)?.filters).toEqual(['equivalent']);
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    expect(window.location.hash).toBe('#/tasks?q=is%3Aequivalent');
  });

  it('suggests filter keys and values under the caret; Tab takes one', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    const box = await screen.findByRole('searchbox');
    box.focus();
    fireEvent.change(box, { target: { value: 'is:eq', selectionStart: 5 } });
    const list = await screen.findByRole('listbox', { name: 'Filter suggestions' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['is:equivalent']);
    fireEvent.keyDown(box, { key: 'Tab' });
    expect((box as HTMLInputElement).value).toBe('is:equivalent ');
  });

  it('names buttons by their visible words; aria-controls points only at a list that exists', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    await screen.findByRole('grid', { name: 'Tasks' });
    // WCAG 2.5.3 (label in name): what a voice-control user reads on the button is its name.
    const csv = screen.getByRole('button', { name: 'Export CSV' });
    expect(csv.getAttribute('title')).toBe('Export the filtered rows as CSV');
    expect(screen.getByRole('button', { name: 'Export JSON' })).toBeTruthy();
    const palette = screen.getByRole('button', { name: 'Command palette, Ctrl K' });
    expect(palette.getAttribute('aria-keyshortcuts')).toBe('Control+K');
    // An aria-controls id that points nowhere is invalid: only while the suggestions are shown.
    const box = screen.getByRole('searchbox');
    expect(box.hasAttribute('aria-controls')).toBe(false);
    box.focus();
    fireEvent.change(box, { target: { value: 'is:eq', selectionStart: 5 } });
    const list = await screen.findByRole('listbox', { name: 'Filter suggestions' });
    expect(box.getAttribute('aria-controls')).toBe(list.id);
  });

  it('j selects a row (detail error says what is missing), ? shows the shortcuts, Esc closes', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    const grid = await screen.findByRole('grid', { name: 'Tasks' });
    await waitFor(() => expect(within(grid).getAllByTestId('task-row')).toHaveLength(3));
    grid.focus();
    fireEvent.keyDown(grid, { key: 'j' });
    expect(store.getState().tableSelectedKey).toBe(rows[0]!.key);
    const pane = screen.getByRole('complementary', { name: 'Task detail' });
    await waitFor(() =>
      expect(within(pane).getByRole('alert').textContent).toContain('tasks.detail is not built yet'),
    );
    fireEvent.keyDown(document.body, { key: '?' });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });
});
