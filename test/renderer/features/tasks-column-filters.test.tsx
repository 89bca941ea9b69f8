import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TaskQuery, WorkspaceSummary } from '../../../shared/model/tasks';
import { createAppStore, StoreProvider } from '../../../renderer/state';
import { App } from '../../../renderer/app/app';
import {
  applyColumnFilter,
  boxValue,
  COLUMN_FILTERS,
  tokenValue,
} from '../../../renderer/features/tasks/column-filters';
import { taskRow } from '../../helpers/fake-workspace';
import { stubLayout } from '../helpers/layout';
import { fakeApi } from './fake-api';

const counts = {
  rows: 3,
  recipes: 2,
  tasks: 2,
  unihashes: 3,
  equivalent: 0,
  disagree: 0,
  withSstate: 0,
  classes: 0,
};
const summary: WorkspaceSummary = { id: 'ws1', builds: [], counts };
const h = (c: string) => c.repeat(64);
const rows = [
  taskRow({ pn: 'zlib', task: 'do_compile', taskhash: h('a'), outcome: 'ran' }),
  taskRow({ pn: 'zlib-native', task: 'do_install', taskhash: h('b'), outcome: 'restored' }),
  taskRow({ pn: 'sqlite3', task: 'do_compile', taskhash: h('c'), outcome: 'ran' }),
];

/** The column filters, done in memory the way the engine does them (globs, prefixes, lists). */
const globRe = (g: string) => new RegExp(`^${g.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
function matches(q: TaskQuery, r: (typeof rows)[number]): boolean {
  return (
    (!q.recipeGlob || globRe(q.recipeGlob).test(r.pn!)) &&
    (!q.recipe || r.pn === q.recipe) &&
    (!q.taskhash || r.taskhash!.startsWith(q.taskhash.toLowerCase())) &&
    (!q.outcome || q.outcome.includes(r.outcome!))
  );
}

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
      const hit = rows.filter((r) => matches(q, r));
      return { rows: hit.slice(q.offset, q.offset + q.limit), total: hit.length, offset: q.offset };
    },
    'tasks.facets': async () => ({
      total: 3,
      recipes: [],
      tasks: [],
      mcs: [],
      builds: [],
      filters: {} as Record<string, number>,
    }),
  });
  const store = createAppStore({ api });
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  return { store, queries };
}

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(1400, 800);
  window.location.hash = '';
});
afterEach(() => restore());

const searchBox = () => screen.getByRole('searchbox') as HTMLInputElement;
const box = (name: string) => screen.getByRole('textbox', { name: `Filter ${name}` }) as HTMLInputElement;

describe('column filter boxes map onto one token of the search text', () => {
  it('"contains" boxes write globs, = writes the exact name, and read both back', () => {
    const pn = COLUMN_FILTERS.pn!;
    expect(tokenValue(pn, 'zl')).toBe('*zl*');
    expect(tokenValue(pn, '=zlib')).toBe('zlib');
    expect(tokenValue(pn, 'z?ib')).toBe('z?ib');
    expect(tokenValue(pn, '  ')).toBeNull();
    expect(tokenValue(pn, '=')).toBeNull();
    expect(boxValue(pn, '*zl*')).toBe('zl');
    expect(boxValue(pn, 'zlib')).toBe('=zlib');
    expect(boxValue(pn, 'z*')).toBe('z*');
    expect(boxValue(pn, null)).toBe('');
    for (const typed of ['zl', '=zlib', 'z?ib', '*-native'])
      expect(tokenValue(pn, boxValue(pn, tokenValue(pn, typed)))).toBe(tokenValue(pn, typed));
    const th = COLUMN_FILTERS.taskhash!;
    expect(applyColumnFilter('zlib is:ran', th, '3FE2')).toBe('zlib is:ran taskhash:3FE2');
    expect(applyColumnFilter('taskhash:3fe2 zlib', th, '')).toBe('zlib');
  });
});

describe('Tasks view column filters', () => {
  it('typing in the taskhash box updates the search text and the query; the search text updates the box', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    const grid = await screen.findByRole('grid', { name: 'Tasks' });
    await waitFor(() => expect(within(grid).getAllByTestId('task-row')).toHaveLength(3));

    await userEvent.type(box('taskhash'), 'BB');
    // Debounced: the text follows once typing pauses.
    await waitFor(() => expect(searchBox().value).toBe('taskhash:BB'));
    await waitFor(() => expect(screen.getByTestId('task-total').textContent).toBe('1 task of 3'));
    expect(queries.at(-1)?.taskhash).toBe('bb');
    expect(window.location.hash).toBe('#/tasks?q=taskhash%3ABB');

    // Editing the token in the search box moves the box along.
    fireEvent.change(searchBox(), { target: { value: 'taskhash:a is:ran' } });
    await waitFor(() => expect(box('taskhash').value).toBe('a'));
    expect(queries.at(-1)?.taskhash).toBe('a');
    // Removing it from the search box empties the box.
    fireEvent.change(searchBox(), { target: { value: 'zlib' } });
    await waitFor(() => expect(box('taskhash').value).toBe(''));
  });

  it('the recipe box means "contains" (pn:*zl*), keeps what is typed, and Esc clears it', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    await screen.findAllByTestId('task-row');
    const pn = box('recipe');
    await userEvent.type(pn, 'zl');
    await waitFor(() => expect(searchBox().value).toBe('pn:*zl*'));
    await waitFor(() => expect(screen.getByTestId('task-total').textContent).toBe('2 tasks of 3'));
    expect(queries.at(-1)?.recipeGlob).toBe('*zl*');
    expect(pn.value).toBe('zl');

    await userEvent.clear(pn);
    await userEvent.type(pn, '=zlib');
    await waitFor(() => expect(searchBox().value).toBe('pn:zlib'));
    await waitFor(() => expect(queries.at(-1)?.recipe).toBe('zlib'));
    expect(pn.value).toBe('=zlib');

    fireEvent.keyDown(pn, { key: 'Escape' });
    expect(pn.value).toBe('');
    await waitFor(() => expect(searchBox().value).toBe(''));
    await waitFor(() => expect(screen.getByTestId('task-total').textContent).toBe('3 tasks'));
  });

  it('j, k and arrows typed in a box are text: the selected row does not move', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    const grid = await screen.findByRole('grid', { name: 'Tasks' });
    await waitFor(() => expect(within(grid).getAllByTestId('task-row')).toHaveLength(3));
    // The filter row is the grid's second header row: the first task row is row 3 of 3 + 2.
    expect(grid.getAttribute('aria-rowcount')).toBe('5');
    expect(within(grid).getAllByRole('row')[1]!.getAttribute('aria-rowindex')).toBe('2');
    expect(within(grid).getAllByTestId('task-row')[0]!.getAttribute('aria-rowindex')).toBe('3');
    fireEvent.keyDown(grid, { key: 'j' });
    expect(store.getState().tableSelectedIndex).toBe(0);
    const task = box('task');
    task.focus();
    for (const key of ['j', 'k', 'ArrowDown', 'End']) fireEvent.keyDown(task, { key });
    expect(store.getState().tableSelectedIndex).toBe(0);
    await userEvent.type(task, 'jk');
    expect(task.value).toBe('jk');
    expect(store.getState().tableSelectedIndex).toBe(0);
  });

  it('a bad hash prefix is marked on the box and explained; the outcome select writes outcome:', async () => {
    const { store, queries } = setup();
    await store.getState().openDemo();
    await screen.findAllByTestId('task-row');
    await userEvent.type(box('unihash'), 'xyz');
    await waitFor(() => expect(searchBox().value).toBe('unihash:xyz'));
    await waitFor(() => expect(box('unihash').getAttribute('aria-invalid')).toBe('true'));
    expect(box('unihash').title).toBe('unihash:xyz is not a hash prefix (1 to 64 hex digits 0-9, a-f)');
    // The search box explains it too, under itself.
    const err = document.getElementById(searchBox().getAttribute('aria-describedby')!);
    expect(err?.textContent).toBe(
      'unihash:xyz: unihash:xyz is not a hash prefix (1 to 64 hex digits 0-9, a-f)',
    );
    fireEvent.keyDown(box('unihash'), { key: 'Escape' });
    await waitFor(() => expect(searchBox().value).toBe(''));

    const outcome = screen.getByRole('combobox', { name: 'Filter outcome' }) as HTMLSelectElement;
    await userEvent.selectOptions(outcome, 'restored');
    await waitFor(() => expect(searchBox().value).toBe('outcome:restored'));
    await waitFor(() => expect(screen.getByTestId('task-total').textContent).toBe('1 task of 3'));
    expect(queries.at(-1)?.outcome).toEqual(['restored']);
    // A list typed in the search box shows as its own choice.
    fireEvent.change(searchBox(), { target: { value: 'outcome:ran,restored' } });
    await waitFor(() => expect(outcome.value).toBe('ran,restored'));
  });

  it('a column filter that matches nothing keeps the table and its boxes on screen', async () => {
    const { store } = setup();
    await store.getState().openDemo();
    await screen.findAllByTestId('task-row');
    const th = box('taskhash');
    await userEvent.type(th, 'f');
    await screen.findByText('No task matches');
    expect(screen.getByRole('grid', { name: 'Tasks' })).toBeTruthy();
    expect(box('taskhash')).toBe(th);
    expect(document.activeElement).toBe(th);
  });
});
