import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../shared/contract';
import type { RootCauseComparison } from '../../../../shared/contract/analysis-schemas';
import { InspectorError } from '../../../../shared/model/errors';
import type { BuildComparison, WorkspaceSummary } from '../../../../shared/model/tasks';
import { addBuildHint, AddedBuildNote } from '../../../../renderer/features/compare/compare-parts';
import { analysisKey } from '../../../../renderer/features/compare/compare-view';
import { CompareView } from '../../../../renderer/features/compare';
import { StoreProvider } from '../../../../renderer/state';
import { stubLayout } from '../../helpers/layout';
import { fakeApi, storeWith } from '../equivalence/fake-api';
import { ZERO_COUNTS } from '../../helpers/counts';

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

describe('CompareView: adding a build shows its progress and errors here', () => {
  const counts = ZERO_COUNTS;
  // What the Compare view reads of a build: id, label, and whether anything loaded (sources, counts).
  const withBuilds = (builds: Array<{ id: string; label: string }>) =>
    ({
      id: 'ws1',
      builds: builds.map((x) => ({ ...x, sources: [], counts: { ...counts, rows: 99 } })),
      counts,
    }) as unknown as WorkspaceSummary;
  const oneBuild = withBuilds([{ id: 'b1', label: 'laptop' }]);
  const info = (mode: AppInfo['mode']): AppInfo => ({
    name: 'Hash Equivalence Inspector',
    version: '0.1.0',
    mode,
    platform: 'linux',
    docsUrl: '',
  });
  const CI = '/srv/ci/build';

  /** A workspace with one build on screen; `handlers` answer the add (and the dialog). */
  async function renderOneBuild(handlers: Parameters<typeof fakeApi>[0], mode: AppInfo['mode'] = 'web') {
    const fake = fakeApi({
      'app.info': () => info(mode),
      'tasks.query': () => ({ rows: [], total: 0, offset: 0 }),
      'workspace.recent': () => [],
      ...handlers,
    });
    const store = storeWith(fake);
    await store.getState().loadInfo();
    store.setState({ workspaces: [oneBuild] });
    render(
      <StoreProvider store={store}>
        <CompareView />
      </StoreProvider>,
    );
    return { fake, store };
  }

  it('shows a failed add of a typed path in the view, with what to do, and dismisses it', async () => {
    const { fake, store } = await renderOneBuild({
      'workspace.addBuild': ({ paths }) => {
        throw new InspectorError('NOT_FOUND', 'No such file or directory.', { file: paths[0]! });
      },
    });
    // An error the Start view had before is not this view's news.
    expect(screen.queryByRole('alert')).toBeNull();
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Build directory to add' }), CI);
    await user.click(screen.getByRole('button', { name: 'Add build' }));
    const alert = await screen.findByRole('alert');
    expect(fake.inputs('workspace.addBuild')).toEqual([{ workspaceId: 'ws1', paths: [CI], jobId: 'open-1' }]);
    expect(alert.textContent).toContain('NOT_FOUND');
    expect(alert.textContent).toContain(CI);
    expect(screen.getByTestId('cmp-add-error').textContent).toContain(
      'Check the path: it must exist on the serving machine.',
    );
    expect(store.getState().workspaces[0]!.builds).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the open job's progress with Cancel while the build loads, then makes it build B", async () => {
    let finish: (ws: WorkspaceSummary) => void = () => {};
    const { fake, store } = await renderOneBuild({
      'workspace.addBuild': () => new Promise<WorkspaceSummary>((res) => (finish = res)),
      'job.cancel': () => ({ cancelled: true }),
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Build directory to add' }), CI);
    await user.click(screen.getByRole('button', { name: 'Add build' }));
    const status = await screen.findByTestId('open-status');
    expect(status.textContent).toContain(`Opening ${CI}…`);
    // One open at a time: the form waits for this one.
    expect((screen.getByRole('button', { name: 'Add build' }) as HTMLButtonElement).disabled).toBe(true);
    act(() =>
      store.getState().jobProgress({
        jobId: 'open-1',
        method: 'workspace.addBuild',
        progress: { phase: 'stamps', done: 120, total: 480, current: `${CI}/tmp/stamps` },
      }),
    );
    expect(screen.getByTestId('open-status').textContent).toContain('stamps: 120 / 480');
    await user.click(within(screen.getByTestId('open-status')).getByRole('button', { name: 'Cancel' }));
    expect(fake.inputs('job.cancel')).toEqual([{ jobId: 'open-1' }]);
    // The engine finishes anyway here (the fake ignores the cancel): the new build becomes B.
    act(() =>
      finish(
        withBuilds([
          { id: 'b1', label: 'laptop' },
          { id: 'b2', label: 'ci' },
        ]),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId('open-status')).toBeNull());
    expect((screen.getByRole('combobox', { name: 'Build B' }) as HTMLSelectElement).value).toBe('b2');
    expect(screen.queryByRole('alert')).toBeNull();
    // It loaded tasks and every source: nothing to warn about.
    expect(screen.queryByTestId('cmp-added-note')).toBeNull();
  });

  it('says when a mistyped path was added with nothing in it, with the reason and what to do', async () => {
    // The engine's answer for a path that does not exist (recorded from workspace.addBuild, as
    // test/e2e/open-build.spec.ts shows it in Sources): one unreadable input never stops the rest,
    // so it becomes a build with its only source in error and no task.
    const missing = {
      id: 'b2',
      label: 'ci-build',
      inputs: ['/nonexistent/ci-build'],
      root: null,
      sources: [
        {
          kind: 'conf',
          path: '/nonexistent/ci-build',
          status: 'error',
          error: {
            code: 'NOT_FOUND',
            message: 'The file does not exist (or vanished while we read it).',
            where: { file: '/nonexistent/ci-build' },
          },
        },
      ],
      multiconfigs: [],
      counts: { ...counts },
      warnings: [],
      indexMs: 3,
    };
    await renderOneBuild({
      'workspace.addBuild': () =>
        ({ ...oneBuild, builds: [...oneBuild.builds, missing] }) as unknown as WorkspaceSummary,
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Build directory to add' }), '/nonexistent/ci-build');
    await user.click(screen.getByRole('button', { name: 'Add build' }));
    const note = await screen.findByTestId('cmp-added-note');
    expect(note.textContent).toContain('ci-build was added, but its only source could not be read.');
    expect(note.textContent).toContain(
      'NOT_FOUND: /nonexistent/ci-build: The file does not exist (or vanished while we read it). Comparing',
    );
    expect(note.textContent).toContain('check that the path is the build directory (TOPDIR)');
    // It is build B now, as an added build is; no error banner (the engine answered ok).
    expect((screen.getByRole('combobox', { name: 'Build B' }) as HTMLSelectElement).value).toBe('b2');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failing native dialog of Add build directory… here, not only on the Start view', async () => {
    const { fake } = await renderOneBuild(
      {
        'app.choosePaths': () => {
          throw new InspectorError('INTERNAL', 'The file dialog failed: no display');
        },
      },
      'electron',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Add build directory…' }));
    expect(fake.inputs('app.choosePaths')).toEqual([{ kind: 'directory', purpose: 'add' }]);
    expect((await screen.findByRole('alert')).textContent).toContain('The file dialog failed: no display');
    expect(screen.getByTestId('cmp-add-error').textContent).toContain('opening it on its own');
    expect(fake.inputs('workspace.addBuild')).toEqual([]);
  });

  it('notes a build that loaded with some sources unreadable, and nothing for a clean one', () => {
    const ok = { kind: 'hashserv-db', path: '/srv/ci/build/cache/hashserv.db', status: 'ok' };
    const bad = {
      kind: 'unihash-cache',
      path: '/srv/ci/build/cache/bb_unihashes.dat',
      status: 'error',
      error: { code: 'TRUNCATED', message: 'The pickle ends early.' },
    };
    const build = (sources: unknown[], rows: number) =>
      ({ label: 'ci', sources, counts: { ...counts, rows } }) as unknown as Parameters<
        typeof AddedBuildNote
      >[0]['build'];
    const { rerender, container } = render(<AddedBuildNote build={build([ok, ok, bad], 120)} />);
    const note = screen.getByTestId('cmp-added-note').textContent;
    expect(note).toContain('ci was added, but 1 of its 3 sources could not be read.');
    expect(note).toContain('TRUNCATED: The pickle ends early.');
    expect(note).toContain('Its comparison leaves those files out');
    rerender(<AddedBuildNote build={build([ok, ok], 120)} />);
    expect(container.textContent).toBe('');
  });

  it('says what to do per error code, naming where paths live', () => {
    const e = (code: 'NOT_FOUND' | 'BAD_FORMAT' | 'CANCELLED' | 'PERMISSION_DENIED') => ({
      code,
      message: '',
    });
    expect(addBuildHint(e('NOT_FOUND'), 'electron')).toContain('it must exist on this computer');
    expect(addBuildHint(e('BAD_FORMAT'), 'web')).toContain('build directory (TOPDIR)');
    expect(addBuildHint(e('CANCELLED'), 'web')).toContain('nothing was added');
    expect(addBuildHint(e('PERMISSION_DENIED'), 'web')).toContain('readable');
  });
});
