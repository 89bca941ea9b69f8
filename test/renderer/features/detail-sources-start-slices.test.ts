import { describe, expect, it } from 'vitest';
import type { SigFile } from '../../../shared/model/sigdata';
import type { TaskDetail, WorkspaceSummary } from '../../../shared/model/tasks';
import { createAppStore } from '../../../renderer/state';
import { taskRow } from '../../helpers/fake-workspace';
import { fakeApi } from './fake-api';

const counts = {
  rows: 1,
  recipes: 1,
  tasks: 1,
  unihashes: 1,
  equivalent: 0,
  disagree: 0,
  withSstate: 0,
  classes: 0,
};
const summary: WorkspaceSummary = { id: 'ws1', builds: [], counts };
const row = taskRow({
  pn: 'zlib',
  task: 'do_package',
  taskhash: 'c33fa21b24e0fc57c85446aaf9a19ce4176f7f5051752d00b261e275ac568617',
});
const sigPath = '/b/tmp/stamps/zlib/1.3.1.do_package.sigdata.3647f3b7';
const detail: TaskDetail = {
  row,
  files: [
    { kind: 'stamp', path: '/b/tmp/stamps/zlib/1.3.1.do_package.3647f3b7', hash: '3647f3b7', mtimeMs: 1 },
    { kind: 'sigdata', path: sigPath, hash: '3647f3b7', mtimeMs: 1 },
  ],
  reports: [],
  equivalence: null,
  siblings: [],
};
const sig: SigFile = {
  path: sigPath,
  format: 'modern-zstd-json',
  data: {
    task: 'do_package',
    basehashIgnoreVars: [],
    taskhashIgnoreTasks: null,
    taskdeps: ['PN'],
    basehash: 'a3',
    gendeps: { PN: [] },
    varvals: { PN: 'zlib' },
    taskhash: row.taskhash!,
  },
  computedBasehash: 'a3',
  basehashMatches: true,
  computedTaskhash: row.taskhash!,
  taskhashMatches: true,
};

describe('task detail slice', () => {
  it('loads the detail then the sigdata file of the stamp', async () => {
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async () => ({ rows: [row], total: 1, offset: 0 }),
      'tasks.detail': async () => detail,
      'siginfo.read': async () => sig,
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    await store.getState().loadDetail(row.key);
    expect(store.getState().detail.value?.row.pn).toBe('zlib');
    expect(api['siginfo.read']).toHaveBeenCalledWith({ path: sigPath });
    expect(store.getState().sig.value?.taskhashMatches).toBe(true);
  });

  it('a missing engine part is an error state naming what is missing (depsig via outhash)', async () => {
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async () => ({ rows: [], total: 0, offset: 0 }),
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    await store.getState().loadDepsig('/b/tmp/work/x/zlib/1.3.1/temp/depsig.do_package.1', 'do_package');
    const d = store.getState().depsig;
    expect(d.status).toBe('error');
    expect(d.error).toMatchObject({ code: 'UNSUPPORTED', message: 'outhash.compute is not built yet' });
    expect(api['outhash.compute']).toHaveBeenCalledWith({
      path: '/b/tmp/work/x/zlib/1.3.1/temp/depsig.do_package.1',
      params: { task: 'package' },
      lines: true,
    });
  });

  it('follows a dependency hash to its row and opens it', async () => {
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async ({ query }) =>
        query.search === 'c33fa21b' || !query.search
          ? { rows: [row], total: 1, offset: 0 }
          : { rows: [], total: 0, offset: 0 },
      'tasks.detail': async () => detail,
      'siginfo.read': async () => sig,
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    expect(await store.getState().openTaskByHash('ffff')).toBe(false);
    expect(await store.getState().openTaskByHash('c33fa21b')).toBe(true);
    expect(store.getState().view).toBe('task');
    expect(store.getState().tableSelectedKey).toBe(row.key);
  });
});

describe('sources and start slices', () => {
  it('lists sources of the active workspace, failed ones included', async () => {
    const api = fakeApi({
      'workspace.openDemo': async () => summary,
      'workspace.recent': async () => [],
      'tasks.query': async () => ({ rows: [], total: 0, offset: 0 }),
      'sources.list': async () => [
        {
          build: 'b1',
          buildLabel: 'demo',
          source: {
            kind: 'hashserv-db',
            path: '/b/cache/hashserv.db',
            status: 'error',
            error: { code: 'TRUNCATED', message: 'database disk image is malformed' },
          },
        },
      ],
    });
    const store = createAppStore({ api });
    await store.getState().openDemo();
    await store.getState().loadSources();
    expect(store.getState().sources[0]?.source.error?.code).toBe('TRUNCATED');
    expect(api['sources.list']).toHaveBeenCalledWith({ workspaceId: 'ws1' });
  });

  it('path completion asks the engine, and turns itself off when the engine cannot', async () => {
    const entries = [{ name: 'build', path: '/home/me/build', isDir: true, isBuild: true }];
    const store = createAppStore({
      api: fakeApi({ 'fs.complete': async () => ({ dir: '/home/me', entries }) }),
    });
    await store.getState().completePath('/home/me/b');
    expect(store.getState().completion).toEqual({ prefix: '/home/me/b', dir: '/home/me', entries });
    const old = createAppStore({ api: fakeApi({}) });
    await old.getState().completePath('/home/me/b');
    expect(old.getState().completionAvailable).toBe(false);
    expect(old.getState().completion).toBeNull();
  });
});
