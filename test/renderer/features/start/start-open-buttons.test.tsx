import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Api, AppInfo } from '../../../../shared/contract';
import { InspectorError } from '../../../../shared/model/errors';
import type { WorkspaceSummary } from '../../../../shared/model/tasks';
import { CompareView } from '../../../../renderer/features/compare';
import { StartView } from '../../../../renderer/features/start/start-view';
import { createAppStore, StoreProvider } from '../../../../renderer/state';
import { fakeApi } from '../fake-api';
import { ZERO_COUNTS } from '../../helpers/counts';

const counts = ZERO_COUNTS;
const summary: WorkspaceSummary = { id: 'ws1', builds: [], counts };
const info = (mode: AppInfo['mode']): AppInfo => ({
  name: 'Hash Equivalence Inspector',
  version: '0.1.0',
  mode,
  platform: 'linux',
  docsUrl: '',
});
const BUILD = '/home/me/poky/build';

/** A fake engine that opens anything, and a dialog that answers `picked` (empty = cancel). */
function apiPicking(
  picked: string[] | Error,
  mode: AppInfo['mode'] = 'electron',
  opened: WorkspaceSummary = summary,
): Api {
  return fakeApi({
    'app.info': async () => info(mode),
    'app.choosePaths': async () => {
      if (picked instanceof Error) throw picked;
      return { paths: picked };
    },
    'workspace.open': async () => opened,
    'workspace.addBuild': async () => summary,
    'workspace.recent': async () => [],
    'tasks.query': async () => ({ rows: [], total: 0, offset: 0 }),
  });
}

describe('the start slice: native Open… dialogs', () => {
  it('opens what the dialog picked, as a drop does (workspace.open with the paths)', async () => {
    const api = apiPicking([BUILD, '/srv/sstate-cache']);
    const store = createAppStore({ api, newJobId: (p) => `${p}-1` });
    await store.getState().chooseAndOpen('directory');
    expect(api['app.choosePaths']).toHaveBeenCalledWith({ kind: 'directory', purpose: 'open' });
    expect(api['workspace.open']).toHaveBeenCalledWith({
      paths: [BUILD, '/srv/sstate-cache'],
      jobId: 'open-1',
    });
    expect(store.getState().activeWorkspaceId).toBe('ws1');
    expect(store.getState().openStatus).toEqual({ kind: 'idle' });
    expect(store.getState().choosing).toBe(false);
  });

  it('adds the picked paths as a build of the active workspace for purpose add', async () => {
    const api = apiPicking(['/b/cache/hashserv.db']);
    const store = createAppStore({ api, newJobId: (p) => `${p}-1` });
    await store.getState().openPaths([BUILD]);
    await store.getState().chooseAndOpen('files', 'add');
    expect(api['app.choosePaths']).toHaveBeenCalledWith({ kind: 'files', purpose: 'add' });
    expect(api['workspace.addBuild']).toHaveBeenCalledWith({
      workspaceId: 'ws1',
      paths: ['/b/cache/hashserv.db'],
      jobId: 'open-1',
    });
  });

  it('does nothing when the user cancels', async () => {
    const api = apiPicking([]);
    const store = createAppStore({ api });
    await store.getState().chooseAndOpen('files');
    expect(api['app.choosePaths']).toHaveBeenCalledTimes(1);
    expect(api['workspace.open']).not.toHaveBeenCalled();
    expect(api['workspace.addBuild']).not.toHaveBeenCalled();
    expect(store.getState().openStatus).toEqual({ kind: 'idle' });
  });

  it('puts a failing dialog where opening errors show', async () => {
    const api = apiPicking(new InspectorError('UNSUPPORTED', 'type a path'));
    const store = createAppStore({ api });
    await store.getState().chooseAndOpen('directory');
    expect(store.getState().openStatus).toEqual({
      kind: 'error',
      error: { code: 'UNSUPPORTED', message: 'type a path' },
    });
    expect(store.getState().choosing).toBe(false);
    expect(api['workspace.open']).not.toHaveBeenCalled();
  });
});

describe('the Start view: Open… buttons', () => {
  async function renderStart(api: Api) {
    const store = createAppStore({ api, newJobId: (p) => `${p}-1` });
    await store.getState().loadInfo();
    render(
      <StoreProvider store={store}>
        <StartView />
      </StoreProvider>,
    );
    return store;
  }

  it('shows both buttons in the desktop app, reachable by keyboard, and opens the picked build', async () => {
    const api = apiPicking([BUILD]);
    await renderStart(api);
    const group = screen.getByRole('group', { name: 'Choose with a file dialog' });
    const dir = within(group).getByRole('button', { name: 'Open build directory…' });
    expect((within(group).getByRole('button', { name: 'Open file…' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(dir);
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(api['workspace.open']).toHaveBeenCalledWith({ paths: [BUILD], jobId: 'open-1' }),
    );
    expect(api['app.choosePaths']).toHaveBeenCalledWith({ kind: 'directory', purpose: 'open' });
  });

  it('asks for files with the Open file… button, and shows a dialog failure in the error area', async () => {
    const api = apiPicking(new InspectorError('INTERNAL', 'The file dialog failed: no display'));
    await renderStart(api);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open file…' }));
    expect(api['app.choosePaths']).toHaveBeenCalledWith({ kind: 'files', purpose: 'open' });
    expect((await screen.findByText(/The file dialog failed: no display/)).textContent).toContain(
      'no display',
    );
    expect(api['workspace.open']).not.toHaveBeenCalled();
  });

  it('has no Open… buttons in web mode, where the path field stands in', async () => {
    const api = apiPicking([BUILD], 'web');
    await renderStart(api);
    expect(screen.getByRole('textbox', { name: 'Path on the serving machine' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open build directory…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open file…' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Choose with a file dialog' })).toBeNull();
    expect(api['app.choosePaths']).not.toHaveBeenCalled();
  });
});

describe('the Compare view: add a build with a dialog', () => {
  async function renderCompare(api: Api) {
    const store = createAppStore({ api, newJobId: (p) => `${p}-1` });
    await store.getState().loadInfo();
    await store.getState().openPaths([BUILD]);
    render(
      <StoreProvider store={store}>
        <CompareView />
      </StoreProvider>,
    );
  }
  const oneBuild = { ...summary, builds: [{ id: 'b1', label: 'laptop' }] } as unknown as WorkspaceSummary;

  it('offers Add build directory… next to the typed path in the desktop app, and adds the pick', async () => {
    const api = apiPicking(['/srv/ci/build'], 'electron', oneBuild);
    await renderCompare(api);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Add build directory…' }));
    expect(api['app.choosePaths']).toHaveBeenCalledWith({ kind: 'directory', purpose: 'add' });
    await waitFor(() =>
      expect(api['workspace.addBuild']).toHaveBeenCalledWith({
        workspaceId: 'ws1',
        paths: ['/srv/ci/build'],
        jobId: 'open-1',
      }),
    );
  });

  it('keeps only the typed path in web mode', async () => {
    const api = apiPicking(['/srv/ci/build'], 'web', oneBuild);
    await renderCompare(api);
    expect(screen.getByRole('textbox', { name: 'Build directory to add' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add build directory…' })).toBeNull();
  });
});
