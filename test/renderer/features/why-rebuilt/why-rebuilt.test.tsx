import path from 'node:path';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { explainTask } from '../../../../electron/services/analysis/sig-explain';
import { readSigFile } from '../../../../electron/services/sources/siginfo/read-sig-file';
import type { TaskExplanationInfo } from '../../../../shared/contract/analysis-schemas';
import { InspectorError } from '../../../../shared/model/errors';
import type { WorkspaceSummary } from '../../../../shared/model/tasks';
import { diffSigData } from '../../../../shared/model/sig-diff';
import { RootCausesPanel } from '../../../../renderer/features/why-rebuilt/root-causes-panel';
import { SigDiffSections } from '../../../../renderer/features/why-rebuilt/sig-diff-sections';
import { WhyRebuiltView } from '../../../../renderer/features/why-rebuilt';
import { StoreProvider } from '../../../../renderer/state';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../helpers/paths';
import { fakeApi, storeWith } from '../equivalence/fake-api';
import { ZERO_COUNTS } from '../../helpers/counts';

const MODERN = path.join(FIXTURES, 'siginfo/modern');
const ZLIB_OLD = path.join(
  MODERN,
  'zlib-1.3.1.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
);
const ZLIB_NEW = path.join(
  MODERN,
  'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
);

const counts = ZERO_COUNTS;
const workspace = { id: 'ws1', builds: [{ id: 'b1', label: 'run2' }], counts } as unknown as WorkspaceSummary;
const explained = new Map<string, TaskExplanationInfo>();
beforeAll(async () => {
  // The real analysis on the real fixture, as the engine would answer.
  for (const t of ['initscripts:do_install', 'busybox:do_install'])
    explained.set(t, await explainTask(FIXTURE_BUILDDIR, t, { reader: readSigFile }));
});

describe('SigDiffSections', () => {
  it('shows the ZLIB_CFLAGS change with the added word highlighted on the new side only', async () => {
    const d = diffSigData((await readSigFile(ZLIB_OLD)).data, (await readSigFile(ZLIB_NEW)).data);
    const { container } = render(<SigDiffSections diff={d} />);
    expect(screen.getByText('ZLIB_CFLAGS')).toBeTruthy();
    const added = [...container.querySelectorAll('.vd__row--new .wd-add')].map((e) => e.textContent?.trim());
    expect(added).toEqual(['-fstack-protector-strong']);
    expect(container.querySelectorAll('.vd__row--old .wd-del')).toHaveLength(0);
    // Sections in bitbake-diffsigs order.
    expect([...container.querySelectorAll('summary')].map((s) => s.firstChild?.textContent)).toEqual([
      'Basehash',
      'Variable values',
      'Hashes',
    ]);
    // Each hash shows 16 characters; the full one is in the tooltip and copied by its button.
    const full = '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';
    const copy = screen.getByRole('button', { name: `Copy new taskhash ${full}` });
    expect(copy.parentElement!.getAttribute('title')).toBe(full);
    expect(copy.parentElement!.textContent).toBe('71908c8c53ab0438…');
    expect(copy.parentElement!.classList.contains('wd-add')).toBe(true);
    expect(screen.getByRole('button', { name: /^Copy old basehash [0-9a-f]{64}$/ })).toBeTruthy();
  });
});

describe('WhyRebuiltView', () => {
  it('runs a deep link, lists the root cause first with its path, and follows a click', async () => {
    const fake = fakeApi({
      'analysis.explainTask': ({ task }) => explained.get(task)!,
      'tasks.query': () => ({ rows: [], total: 0, offset: 0 }),
    });
    const store = storeWith(fake);
    store.setState({ workspaces: [workspace] });
    render(
      <StoreProvider store={store}>
        <WhyRebuiltView sel="mode=task&build=b1&task=initscripts%3Ado_install" />
      </StoreProvider>,
    );
    const roots = await screen.findByRole('region', { name: 'Root causes' });
    expect(fake.inputs('analysis.explainTask')[0]).toEqual({
      workspaceId: 'ws1',
      build: 'b1',
      task: 'initscripts:do_install',
    });
    const items = within(roots).getAllByRole('listitem');
    expect(within(items[0]!).getByText('busybox:do_install', { selector: 'strong' })).toBeTruthy();
    const pathNav = within(roots).getByRole('navigation', {
      name: 'Path from busybox:do_install to initscripts:do_install',
    });
    const hops = within(pathNav)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(hops[0]).toBe('busybox:do_install');
    expect(hops.at(-1)).toBe('initscripts:do_install');
    expect(
      within(screen.getByRole('list', { name: 'Miss reasons' }))
        .getAllByRole('listitem')
        .map((l) => l.textContent),
    ).toEqual(['Dependency']);

    await userEvent.click(within(pathNav).getByRole('button', { name: 'Explain busybox:do_install' }));
    await waitFor(() => expect(fake.inputs('analysis.explainTask')).toHaveLength(2));
    expect(fake.inputs('analysis.explainTask')[1]!.task).toBe('busybox:do_install');
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Miss reasons' }))
          .getAllByRole('listitem')
          .map((l) => l.textContent),
      ).toEqual(['Variable']),
    );
    expect(screen.getAllByText('BUSYBOX_APPLETS').length).toBeGreaterThan(0);
  });

  it('says what to do when nothing is asked yet, and shows an engine error with its code', async () => {
    const fake = fakeApi({});
    const store = storeWith(fake);
    store.setState({ workspaces: [workspace] });
    render(
      <StoreProvider store={store}>
        <WhyRebuiltView />
      </StoreProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Why was it rebuilt?' })).toBeTruthy();
    await userEvent.type(screen.getByRole('textbox', { name: 'Task (recipe:do_task)' }), 'zlib:do_compile');
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('UNSUPPORTED');
  });
});

describe('RootCausesPanel', () => {
  const BUSYBOX_OLD = '6f00b796178966a724a46e06797979e5782b9efda897e28b8f793154ee504563';
  const BUSYBOX_NEW = 'c6ff58081478d57380ca97c557baecee4c67e3099fa5ef81489b29815e811faf';

  it("shows each side of a root's hash pair shortened, full in the tooltip, and copies either", () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.assign(navigator, { clipboard: { writeText } });
    const report = explained.get('initscripts:do_install')!.comparedWith!.rootCauses!;
    render(<RootCausesPanel report={report} onTask={() => {}} />);
    const old = screen.getByRole('button', { name: `Copy old hash of busybox:do_install ${BUSYBOX_OLD}` });
    const neu = screen.getByRole('button', { name: `Copy new hash of busybox:do_install ${BUSYBOX_NEW}` });
    expect(old.parentElement!.getAttribute('title')).toBe(BUSYBOX_OLD);
    expect(old.parentElement!.textContent).toBe('6f00b79617…');
    expect(neu.parentElement!.getAttribute('title')).toBe(BUSYBOX_NEW);
    fireEvent.click(neu);
    fireEvent.click(old);
    expect(writeText.mock.calls).toEqual([[BUSYBOX_NEW], [BUSYBOX_OLD]]);
  });

  it('lists a signature that could not be read with its full hash, one click from the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.assign(navigator, { clipboard: { writeText } });
    // The real walk over the fixture, with busybox's older signature unreadable (as if pruned).
    const reader = (file: string) =>
      file.endsWith(`.sigdata.${BUSYBOX_OLD}`)
        ? Promise.reject(new InspectorError('NOT_FOUND', 'pruned', { file }))
        : readSigFile(file);
    const e = await explainTask(FIXTURE_BUILDDIR, 'initscripts:do_install', { reader });
    const report = e.comparedWith!.rootCauses!;
    const miss = report.missing.find((m) => m.hash === BUSYBOX_OLD);
    expect(miss).toMatchObject({ task: 'busybox:do_install', side: 'a' });
    render(<RootCausesPanel report={report} onTask={() => {}} />);
    const missing = screen.getByText(/signatures? not found/).closest('details')!;
    const copy = within(missing).getByRole('button', {
      name: `Copy old hash of busybox:do_install ${BUSYBOX_OLD}`,
    });
    expect(copy.parentElement!.getAttribute('title')).toBe(BUSYBOX_OLD);
    expect(copy.parentElement!.textContent).toBe('6f00b7961789…');
    fireEvent.click(copy);
    expect(writeText).toHaveBeenCalledWith(BUSYBOX_OLD);
  });
});
