import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EquivalenceView } from '../../../../renderer/features/equivalence';
import { StoreProvider } from '../../../../renderer/state';
import type { EquivalenceClass } from '../../../../shared/model/tasks';
import { stubLayout } from '../../helpers/layout';
import { fakeApi, storeWith } from './fake-api';

const h = (n: number) => n.toString(16).padStart(64, '0');
const classes: EquivalenceClass[] = [1, 2, 3].map((n) => ({
  unihash: h(n),
  method: 'oe.sstatesig.OEOuthashBasic',
  members: [
    {
      taskhash: h(n),
      outhash: h(100 + n),
      pn: 'zlib',
      task: `do_task${n}`,
      created: '2026-01-12 09:21:03',
      canonical: true,
    },
    {
      taskhash: h(200 + n),
      outhash: h(100 + n),
      pn: 'zlib',
      task: `do_task${n}`,
      created: '2026-01-13 14:30:00',
      canonical: false,
    },
  ],
}));

// React Flow measures its viewport with ResizeObserver, which jsdom lacks.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
let restore: () => void = () => {};
beforeAll(() => {
  restore = stubLayout();
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoResize;
});
afterAll(() => restore());

describe('EquivalenceView', () => {
  it('shows the statistics, lists classes, and draws the selected class with its members', async () => {
    const fake = fakeApi({
      'classes.query': ({ query }) => {
        const rows = classes.filter(
          (c) =>
            !query.search ||
            c.members.some((m) => m.task === query.search || m.taskhash.startsWith(query.search!)),
        );
        return { rows, total: query.limit === 1 ? 3 : rows.length };
      },
      'tasks.facets': () => ({
        total: 4,
        recipes: [],
        tasks: [{ value: 'do_task1', count: 4 }],
        mcs: [],
        builds: [],
        filters: {},
      }),
      'tasks.count': ({ query }) => ({ total: query.filters ? 2 : 40 }),
    });
    const store = storeWith(fake);
    render(
      <StoreProvider store={store}>
        <EquivalenceView sel={h(2)} />
      </StoreProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('stat-folded').textContent).toBe('4'));
    expect(screen.getByTestId('stat-classes').textContent).toBe('3');
    expect(screen.getByTestId('stat-avoided').textContent).toBe('2');
    expect(screen.getByText('10% of 40 rows')).toBeTruthy();
    // The deep-linked class is drawn, with its members in the table (canonical first).
    const members = await screen.findByRole('table', { name: `Members of ${h(2)}` });
    const trs = within(members).getAllByRole('row');
    expect(trs).toHaveLength(3);
    expect(trs[1]!.textContent).toContain('canonical');
    expect(screen.getByRole('img', { name: `Graph: 2 taskhashes fold into unihash ${h(2)}` })).toBeTruthy();

    // Arrow keys move the selection in the list.
    const grid = screen.getByRole('grid', { name: 'Equivalence classes' });
    // Each unihash in the list can be read in full (tooltip) and copied, without a Tab stop.
    const copy = within(grid).getByRole('button', { name: `Copy unihash ${h(1)}` });
    expect(copy.tabIndex).toBe(-1);
    expect(copy.parentElement!.getAttribute('title')).toBe(h(1));
    expect(within(grid).getByRole('columnheader', { name: 'Taskhashes' })).toBeTruthy();
    grid.focus();
    await userEvent.keyboard('{ArrowDown}');
    await screen.findByRole('table', { name: `Members of ${h(3)}` });
    expect(store.getState().equivSelected).toBe(h(3));
  });

  it('an empty search says how to search', async () => {
    const fake = fakeApi({
      'classes.query': () => ({ rows: [], total: 0 }),
      'tasks.facets': () => ({ total: 0, recipes: [], tasks: [], mcs: [], builds: [], filters: {} }),
      'tasks.count': () => ({ total: 0 }),
    });
    const store = storeWith(fake);
    render(
      <StoreProvider store={store}>
        <EquivalenceView q="nothing" />
      </StoreProvider>,
    );
    expect(await screen.findByRole('heading', { name: 'No class matches “nothing”' })).toBeTruthy();
    expect(fake.inputs('classes.query').some((i) => i.query.search === 'nothing')).toBe(true);
  });

  it('coming back without a search in the link shows an empty box, matching the full list', async () => {
    const fake = fakeApi({
      'classes.query': () => ({ rows: classes, total: 3 }),
      'tasks.facets': () => ({ total: 0, recipes: [], tasks: [], mcs: [], builds: [], filters: {} }),
      'tasks.count': () => ({ total: 0 }),
    });
    const store = storeWith(fake);
    // An earlier visit searched for something that is no longer in the link.
    store.setState({ equivSearch: 'no-such-recipe-xyz' });
    render(
      <StoreProvider store={store}>
        <EquivalenceView />
      </StoreProvider>,
    );
    const box = screen.getByRole('searchbox', { name: /Search classes/ }) as HTMLInputElement;
    expect(box.value).toBe('');
    expect(await screen.findByText('3 classes')).toBeTruthy();
    expect(store.getState().equivSearch).toBe('');
    expect(fake.inputs('classes.query').map((i) => i.query.search ?? '')).not.toContain('no-such-recipe-xyz');
  });
});
