import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../../../shared/contract';
import { createDispatcher, type Handler, type Handlers } from '../../../../shared/rpc';
import { InspectorError } from '../../../../shared/model/errors';

/** A complete table where every method not given fails, so a test only writes what it needs. */
function handlers(partial: Partial<{ [N in MethodName]: Handler<N, object> }>): Handlers<object> {
  const all = Object.fromEntries(
    METHOD_NAMES.map((n) => [
      n,
      () => {
        throw new InspectorError('UNSUPPORTED', `${n} not in this test`);
      },
    ]),
  );
  return { ...all, ...partial } as Handlers<object>;
}

const summary = {
  id: 'ws-1',
  builds: [],
  counts: {
    rows: 0,
    recipes: 0,
    tasks: 0,
    unihashes: 0,
    equivalent: 0,
    disagree: 0,
    withSstate: 0,
    classes: 0,
  },
};

describe('createDispatcher', () => {
  it('refuses an unknown method name', async () => {
    const d = createDispatcher(handlers({}));
    const r = await d.dispatch('tasks.drop', {}, {});
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_METHOD',
        message: "Unknown method 'tasks.drop'",
        where: { entry: 'tasks.drop' },
      },
    });
    // Names inherited from Object.prototype are not methods either.
    expect((await d.dispatch('toString', {}, {})).ok).toBe(false);
    expect((await d.dispatch('__proto__', {}, {})).ok).toBe(false);
  });

  it('refuses invalid input with a path-precise message and never calls the handler', async () => {
    const query = vi.fn();
    const d = createDispatcher(handlers({ 'tasks.query': query }));
    const r = await d.dispatch('tasks.query', { workspaceId: 'w', query: { limit: 5000 } }, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toMatch(/^tasks\.query: query\.limit: /);
    expect(query).not.toHaveBeenCalled();
  });

  it('passes validated params with defaults applied, and the host context', async () => {
    const seen: unknown[] = [];
    const d = createDispatcher<{ caller: string }>(
      handlers({
        'tasks.count': (p, ctx) => {
          seen.push(p, ctx);
          return { total: 42 };
        },
      }) as unknown as Handlers<{ caller: string }>,
    );
    const r = await d.dispatch('tasks.count', { workspaceId: 'w', query: {} }, { caller: 'test' });
    expect(r).toEqual({ ok: true, value: { total: 42 } });
    expect(seen).toEqual([{ workspaceId: 'w', query: { offset: 0, limit: 100 } }, { caller: 'test' }]);
  });

  it('accepts an absent input for methods without arguments', async () => {
    const d = createDispatcher(handlers({ 'workspace.list': () => [summary] }));
    expect(await d.dispatch('workspace.list', undefined, {})).toEqual({ ok: true, value: [summary] });
  });

  it('turns a handler InspectorError into its code, message and where', async () => {
    const d = createDispatcher(
      handlers({
        'siginfo.read': () => {
          throw new InspectorError('BAD_FORMAT', 'not a zstd frame', { file: '/x.siginfo', offset: 4 });
        },
      }),
    );
    expect(await d.dispatch('siginfo.read', { path: '/x.siginfo' }, {})).toEqual({
      ok: false,
      error: { code: 'BAD_FORMAT', message: 'not a zstd frame', where: { file: '/x.siginfo', offset: 4 } },
    });
  });

  it('reports a handler bug as INTERNAL and tells the host', async () => {
    const onInternalError = vi.fn();
    const d = createDispatcher(
      handlers({
        'workspace.recent': () => {
          throw new TypeError('x is undefined');
        },
      }),
      { onInternalError },
    );
    const r = await d.dispatch('workspace.recent', {}, {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x is undefined' } });
    expect(onInternalError).toHaveBeenCalledWith('workspace.recent', expect.any(TypeError));
  });

  it('checks outputs against the contract when asked (tests), not otherwise', async () => {
    const bad = handlers({ 'tasks.count': () => ({ total: 'many' }) as unknown as { total: number } });
    const checked = await createDispatcher(bad, { validateOutput: true }).dispatch(
      'tasks.count',
      { workspaceId: 'w', query: {} },
      {},
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe('INTERNAL');
      expect(checked.error.message).toMatch(
        /tasks\.count returned an output that breaks the contract: total: /,
      );
    }
    const unchecked = await createDispatcher(bad).dispatch(
      'tasks.count',
      { workspaceId: 'w', query: {} },
      {},
    );
    expect(unchecked).toEqual({ ok: true, value: { total: 'many' } });
  });
});
