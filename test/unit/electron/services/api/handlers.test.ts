import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createApi,
  createDefaultEngine,
  type Engine,
  type EngineWorkspace,
} from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import type { EventName } from '../../../../../shared/contract';
import { FIXTURES } from '../../../../helpers/paths';
import { fakeWorkspace, taskRow } from '../../../../helpers/fake-workspace';

const MODERN = path.join(FIXTURES, 'siginfo', 'modern');
const RUN1 = path.join(
  MODERN,
  'zlib-1.3.1.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
);
const RUN2 = path.join(
  MODERN,
  'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
);

function apiWith(engine: Engine) {
  const api = createApi({
    engine,
    app: appInfo('web', '9.9.9'),
    validateOutput: true,
    progressThrottleMs: 0,
    log: () => {},
  });
  const events: Array<[EventName, unknown]> = [];
  api.events.subscribe((e, p) => events.push([e, p]));
  return { api, events };
}

const rows = ['zlib', 'zlib-native', 'busybox', 'openssl'].map((pn, i) =>
  taskRow({ pn, task: 'do_compile', taskhash: String(i + 1).repeat(64) }),
);

describe('the API over the real engine parts', () => {
  it('reads a real sig file (siginfo.read) and its hashes check out', async () => {
    const { api } = apiWith(createDefaultEngine());
    const r = await api.dispatch('siginfo.read', { path: RUN1 }, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sig = r.value as { format: string; data: { task: string }; basehashMatches: boolean };
    expect(sig.format).toBe('modern-zstd-json');
    expect(sig.data.task).toBe('do_compile');
    expect(sig.basehashMatches).toBe(true);
  });

  it('diffs the two real zlib do_compile signatures as bitbake-diffsigs does', async () => {
    const { api } = apiWith(createDefaultEngine());
    const r = await api.dispatch('siginfo.diff', { a: RUN1, b: RUN2 }, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as {
      identical: boolean;
      diff: { basehash?: { a: string; b: string }; variables: Array<{ variable: string }> };
    };
    expect(v.identical).toBe(false);
    expect(v.diff.basehash).toEqual({
      a: 'fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1',
      b: '3fe2cfcac09b60ca3541075df7f42d8cbfe6e4e7e7847ce92324ebd652100d5f',
    });
    expect(v.diff.variables.map((c) => c.variable)).toEqual(['ZLIB_CFLAGS']);
  });

  it('reports a missing sig file as NOT_FOUND with the file', async () => {
    const { api } = apiWith(createDefaultEngine());
    const r = await api.dispatch('siginfo.read', { path: path.join(MODERN, 'nope.sigdata.00') }, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NOT_FOUND');
  });
});

const WORK = path.join(FIXTURES, 'builddir');
const X86_PACKAGE = path.join(WORK, 'tmp/work/core2-64-poky-linux/zlib/1.3.1/temp/depsig.do_package.29231');
const ARM_PACKAGE = path.join(
  WORK,
  'tmp-mc1/work/cortexa57-poky-linux/zlib/1.3.1/temp/depsig.do_package.29466',
);

describe('outhash handlers over real depsig files', () => {
  it('verifies the outhash of a depsig listing against the one hashserv.db recorded', async () => {
    const { api, events } = apiWith(createDefaultEngine());
    const r = await api.dispatch(
      'outhash.verify',
      {
        path: ARM_PACKAGE,
        params: { task: 'package' },
        expected: '4daea6fc435b48a336950a9def27042c86204b9869b87923468c14329a24b690',
        jobId: 'v1',
      },
      {},
    );
    expect(r).toEqual({
      ok: true,
      value: {
        result: {
          path: ARM_PACKAGE,
          input: 'depsig',
          outhash: '4daea6fc435b48a336950a9def27042c86204b9869b87923468c14329a24b690',
          entries: 26,
        },
        expected: '4daea6fc435b48a336950a9def27042c86204b9869b87923468c14329a24b690',
        matches: true,
      },
    });
    expect(events.at(-1)).toEqual(['job.finished', { jobId: 'v1', method: 'outhash.verify', ok: true }]);
  });

  it('explains why zlib do_package outhashes differ between x86-64 and aarch64: only SSTATE_PKGSPEC', async () => {
    const { api } = apiWith(createDefaultEngine());
    const r = await api.dispatch(
      'outhash.diff',
      { a: X86_PACKAGE, b: ARM_PACKAGE, params: { task: 'package' } },
      {},
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { same: boolean; header: unknown[]; entries: unknown[] };
    expect(v.same).toBe(false);
    expect(v.header).toEqual([
      {
        path: 'header line 3',
        a: 'SSTATE_PKGSPEC=sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:',
        b: 'SSTATE_PKGSPEC=sstate:zlib:cortexa57-poky-linux:1.3.1:r0:cortexa57:14:',
      },
    ]);
    expect(v.entries).toEqual([]);
  });
});

describe('workspace and task handlers', () => {
  const engine: Engine = {
    openWorkspace: async (_paths, opts) => {
      opts.onProgress?.({ phase: 'scan', done: 1, total: 2 });
      opts.onProgress?.({ phase: 'scan', done: 2, total: 2 });
      return fakeWorkspace('ws-1', rows);
    },
  };

  it('opens a workspace as a job: progress and finished events, recent list, listing', async () => {
    const { api, events } = apiWith(engine);
    const r = await api.dispatch('workspace.open', { paths: ['/builds/a'], jobId: 'j1' }, {});
    expect(r.ok && (r.value as { id: string }).id).toBe('ws-1');
    expect(events.map(([e]) => e)).toEqual([
      'job.progress',
      'job.progress',
      'workspace.changed',
      'job.finished',
    ]);
    expect(events[3]![1]).toEqual({ jobId: 'j1', method: 'workspace.open', ok: true });
    const recent = await api.dispatch('workspace.recent', {}, {});
    expect(recent.ok && recent.value).toMatchObject([{ paths: ['/builds/a'], label: 'a' }]);
    const list = await api.dispatch('workspace.list', {}, {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
  });

  it('answers pages, counts, exports and sources of the open workspace', async () => {
    const { api } = apiWith(engine);
    await api.dispatch('workspace.open', { paths: ['/builds/a'] }, {});
    const count = await api.dispatch('tasks.count', { workspaceId: 'ws-1', query: { search: 'zlib' } }, {});
    expect(count).toEqual({ ok: true, value: { total: 2 } });
    const csv = await api.dispatch(
      'tasks.export',
      { workspaceId: 'ws-1', query: { search: 'zlib', limit: 1 }, format: 'csv' },
      {},
    );
    expect(csv.ok).toBe(true);
    if (csv.ok) {
      const v = csv.value as { rows: number; content: string; mime: string };
      expect(v.rows).toBe(2); // offset/limit of the current page are ignored
      expect(v.mime).toBe('text/csv');
      expect(v.content.split('\r\n')[0]).toBe(
        'build,mc,pn,task,taskhash,unihash,outhashes,class_size,sstate,server_status,outcome,created',
      );
      expect(v.content.split('\r\n')[2]).toBe(
        `build,,zlib-native,do_compile,${'2'.repeat(64)},${'2'.repeat(64)},,1,false,,,`,
      );
    }
    const errors = await api.dispatch('sources.list', { workspaceId: 'ws-1', status: 'error' }, {});
    expect(errors.ok && errors.value).toMatchObject([
      { build: 'b1', source: { kind: 'unihash-cache', error: { code: 'TRUNCATED' } } },
    ]);
    const gone = await api.dispatch('tasks.query', { workspaceId: 'ws-9', query: {} }, {});
    expect(gone.ok || gone.error.code).toBe('NOT_FOUND');
  });

  it('cancels a running job by id', async () => {
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const slow: Engine = {
      openWorkspace: (_p, opts) =>
        new Promise<EngineWorkspace>((_resolve, reject) => {
          started();
          opts.signal?.addEventListener('abort', () => reject(opts.signal?.reason));
        }),
    };
    const { api, events } = apiWith(slow);
    const pending = api.dispatch('workspace.open', { paths: ['/builds/a'], jobId: 'slow' }, {});
    await isStarted;
    expect(await api.dispatch('job.cancel', { jobId: 'slow' }, {})).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    const r = await pending;
    expect(r.ok || r.error.code).toBe('CANCELLED');
    expect(events.at(-1)).toEqual([
      'job.finished',
      {
        jobId: 'slow',
        method: 'workspace.open',
        ok: false,
        error: { code: 'CANCELLED', message: 'workspace.open was cancelled' },
      },
    ]);
    expect(await api.dispatch('job.cancel', { jobId: 'slow' }, {})).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('names the missing engine part instead of pretending (UNSUPPORTED)', async () => {
    const { api } = apiWith({});
    const r = await api.dispatch('workspace.open', { paths: ['/builds/a'] }, {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNSUPPORTED');
      expect(r.error.message).toContain('openWorkspace');
    }
  });

  it('fills the server column from a sync and says the workspace changed', async () => {
    const ws = fakeWorkspace('ws-1', rows);
    const { api, events } = apiWith({
      openWorkspace: async () => ws,
      syncWithServer: async () => ({
        server: 'localhost:8686',
        checkedAt: '2026-11-25T09:00:00Z',
        tasks: [
          { key: rows[0]!.key, method: 'm', taskhash: rows[0]!.taskhash!, status: 'different' as const },
        ],
        summary: {
          total: 1,
          same: 0,
          different: 1,
          unknown: 0,
          serverOnly: 0,
          unihashesKnown: 0,
          unihashesUnknown: 1,
        },
      }),
    });
    await api.dispatch('workspace.open', { paths: ['/builds/a'] }, {});
    const r = await api.dispatch(
      'server.compare',
      { workspaceId: 'ws-1', server: { address: 'localhost:8686' } },
      {},
    );
    expect(r.ok).toBe(true);
    expect(ws.serverStatus.get(rows[0]!.key)).toBe('different');
    expect(
      events.some(
        ([e, p]) => e === 'workspace.changed' && (p as { reason: string }).reason === 'server-status',
      ),
    ).toBe(true);
  });
});
