import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RootCauseComparison } from '../../../../shared/contract/analysis-schemas';
import type { BuildComparison, WorkspaceSummary } from '../../../../shared/model/tasks';
import { analysisKey } from '../../../../renderer/features/compare/compare-view';
import { CompareView } from '../../../../renderer/features/compare';
import { StoreProvider } from '../../../../renderer/state';
import { stubLayout } from '../../helpers/layout';
import { fakeApi, storeWith } from '../equivalence/fake-api';

const ws = {
  id: 'ws1',
  builds: [
    { id: 'b1', label: 'laptop' },
    { id: 'b2', label: 'ci' },
  ],
} as unknown as WorkspaceSummary;
const row = (pn: string, task: string, kind: 'taskhash' | 'unihash', mc = '') => ({
  tid: `${mc}:${pn}:${task}`,
  mc,
  pn,
  task,
  kind,
  a: { key: `b1|${pn}`, taskhash: 'a1', unihash: 'a2' },
  b: { key: `b2|${pn}`, taskhash: 'b1', unihash: 'b2' },
});
const rows: BuildComparison = {
  a: 'b1',
  b: 'b2',
  same: 40,
  rows: [
    row('zlib', 'do_compile', 'taskhash'),
    row('zlib', 'do_install', 'taskhash'),
    row('zlib', 'do_compile', 'taskhash', 'mc1'),
    row('busybox', 'do_install', 'taskhash'),
  ],
};
const cause = (task: string, affected: string[]) => ({
  root: { task, kinds: ['variable' as const], hashA: 'a', hashB: 'b' },
  leaks: [],
  affected,
});
const causes: RootCauseComparison = {
  a: '/laptop',
  b: '/ci',
  counts: {
    onlyA: 0,
    onlyB: 0,
    changed: 4,
    unchanged: 40,
    taskhashChanged: 4,
    unihashOnly: 0,
    bothChanged: 0,
  },
  onlyA: [],
  onlyB: [],
  changed: [
    { task: 'zlib:do_compile', status: 'changed', change: 'taskhash', miss: ['variable'] },
    { task: 'zlib:do_install', status: 'changed', change: 'taskhash', miss: ['dependency-only'] },
    { task: 'busybox:do_install', status: 'changed', change: 'taskhash', miss: ['variable'] },
  ],
  causes: [
    cause('zlib:do_compile', ['zlib:do_compile', 'zlib:do_install']),
    cause('busybox:do_install', ['busybox:do_install']),
  ],
  missing: [],
  cycles: [],
  problems: [],
};

describe('compare slice', () => {
  it('asks for the hash rows and the root causes (a job) of the two builds', async () => {
    const fake = fakeApi({ 'workspace.compareBuilds': () => rows, 'analysis.compareBuilds': () => causes });
    const store = storeWith(fake);
    await store.getState().compareBuilds('b1', 'b2');
    expect(fake.inputs('workspace.compareBuilds')).toEqual([{ workspaceId: 'ws1', a: 'b1', b: 'b2' }]);
    expect(fake.inputs('analysis.compareBuilds')).toEqual([
      { workspaceId: 'ws1', a: 'b1', b: 'b2', jobId: 'compare-1' },
    ]);
    expect(store.getState().cmpCausesStatus).toBe('ready');
    expect(store.getState().cmpJobId).toBeNull();
  });

  it('keeps the hash rows when the root-cause job fails', async () => {
    const fake = fakeApi({ 'workspace.compareBuilds': () => rows });
    const store = storeWith(fake);
    await store.getState().compareBuilds('b1', 'b2');
    expect(store.getState().cmpRows?.rows).toHaveLength(4);
    expect(store.getState().cmpCausesError?.code).toBe('UNSUPPORTED');
  });

  it('maps build-diff rows to analysis task ids', () => {
    expect(analysisKey({ mc: '', pn: 'zlib', task: 'do_compile' })).toBe('zlib:do_compile');
    expect(analysisKey({ mc: 'mc1', pn: 'zlib', task: 'do_compile' })).toBe('mc:mc1:zlib:do_compile');
  });
});

describe('CompareView', () => {
  it('hash cells show a short hash with the full one in the tooltip and a copy button', async () => {
    // zlib:do_compile's two taskhashes in the fixture build (its stamps' sigdata file names).
    const before = 'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc';
    const after = '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';
    const one: BuildComparison = {
      ...rows,
      rows: [
        {
          ...row('zlib', 'do_compile', 'taskhash'),
          a: { key: 'b1|zlib', taskhash: before, unihash: before },
          b: { key: 'b2|zlib', taskhash: after, unihash: after },
        },
      ],
    };
    const restore = stubLayout();
    try {
      // A root cause whose task-dependency set changed: its kind reads as words, as in Why rebuilt.
      const depsCause = {
        ...causes,
        causes: [
          {
            ...cause('zlib:do_compile', ['zlib:do_compile']),
            root: { ...cause('zlib:do_compile', []).root, kinds: ['taskdeps' as const] },
          },
        ],
      };
      const fake = fakeApi({
        'workspace.compareBuilds': () => one,
        'analysis.compareBuilds': () => depsCause,
      });
      const store = storeWith(fake);
      store.setState({ workspaces: [ws] });
      render(
        <StoreProvider store={store}>
          <CompareView sel="a=b1&b=b2" />
        </StoreProvider>,
      );
      const grid = await screen.findByRole('grid', { name: 'Differing tasks' });
      await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(2));
      const copy = within(grid).getByRole('button', { name: `Copy Taskhash B ${after}` });
      expect(copy.tabIndex).toBe(-1);
      expect(copy.parentElement!.getAttribute('title')).toBe(after);
      expect(copy.parentElement!.textContent).toBe('71908c8c…');
      expect(within(grid).getByRole('button', { name: `Copy Unihash A ${before}` })).toBeTruthy();
      const list = await screen.findByRole('list', { name: 'Root causes' });
      expect(within(list).getByText('variable set')).toBeTruthy();
      expect(within(list).queryByText('taskdeps')).toBeNull();
      // The pickers are one control twice, each named by its side.
      expect((screen.getByRole('combobox', { name: 'Build A' }) as HTMLSelectElement).value).toBe('b1');
      expect((screen.getByRole('combobox', { name: 'Build B' }) as HTMLSelectElement).value).toBe('b2');
    } finally {
      restore();
    }
  });

  it('groups differing tasks by root cause; a cause filters the table; one build asks for another', async () => {
    const restore = stubLayout();
    try {
      const fake = fakeApi({ 'workspace.compareBuilds': () => rows, 'analysis.compareBuilds': () => causes });
      const store = storeWith(fake);
      store.setState({ workspaces: [ws] });
      render(
        <StoreProvider store={store}>
          <CompareView sel="a=b1&b=b2" />
        </StoreProvider>,
      );
      const list = await screen.findByRole('list', { name: 'Root causes' });
      await waitFor(() => expect(within(list).getAllByRole('button', { pressed: false })).toHaveLength(2));
      expect(screen.getByTestId('cmp-taskhash').textContent).toBe('4');
      expect(screen.getByTestId('cmp-same').textContent).toBe('40');
      const grid = screen.getByRole('grid', { name: 'Differing tasks' });
      expect(within(grid).getAllByRole('row')).toHaveLength(5);
      await userEvent.click(within(list).getByRole('button', { name: /^zlib:do_compile/ }));
      await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(3));
      expect(within(grid).getAllByRole('row')[1]!.textContent).toContain('zlib:do_compile');
      expect(
        within(list).getByRole('link', { name: 'Why zlib:do_compile changed' }).getAttribute('href'),
      ).toBe('#/why-rebuilt?sel=mode%3Dtask%26build%3Db1%26task%3Dzlib%253Ado_compile%26against%3Db2');
    } finally {
      restore();
    }
  });

  it('with one build, offers to add another', () => {
    const fake = fakeApi({});
    const store = storeWith(fake);
    store.setState({
      workspaces: [{ id: 'ws1', builds: [{ id: 'b1', label: 'laptop' }] } as unknown as WorkspaceSummary],
    });
    render(
      <StoreProvider store={store}>
        <CompareView />
      </StoreProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Only one build in this workspace' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Build directory to add' })).toBeTruthy();
  });
});
