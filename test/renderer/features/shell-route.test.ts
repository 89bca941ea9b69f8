import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../renderer/features/shell/route';
import { createAppStore } from '../../../renderer/state';
import { routeOf } from '../../../renderer/features/shell/use-hash-route';
import { fakeApi } from './fake-api';

describe('deep links', () => {
  it('round-trips a task selection with a filter text that needs escaping', () => {
    const route = {
      view: 'task' as const,
      q: 'pn:zlib is:equivalent "a b"',
      sel: 'b1|mc1:zlib:do_package:c33f',
    };
    const hash = formatRoute(route);
    expect(hash).toBe('#/task?q=pn%3Azlib+is%3Aequivalent+%22a+b%22&sel=b1%7Cmc1%3Azlib%3Ado_package%3Ac33f');
    expect(parseRoute(hash)).toEqual(route);
  });

  it('reads unknown or empty hashes as the start view', () => {
    expect(parseRoute('')).toEqual({ view: 'start' });
    expect(parseRoute('#/nowhere?q=x')).toEqual({ view: 'start', q: 'x' });
    expect(formatRoute({ view: 'sources' })).toBe('#/sources');
  });

  it('applying a route sets view, text and selection; Esc from a task returns to the list', async () => {
    const api = fakeApi({});
    const store = createAppStore({ api });
    await store.getState().applyRoute({ view: 'task', q: 'pn:zlib', sel: 'b1|:zlib:do_fetch:00' });
    const s = store.getState();
    expect([s.view, s.tableText, s.tableSelectedKey]).toEqual(['task', 'pn:zlib', 'b1|:zlib:do_fetch:00']);
    expect(formatRoute(routeOf(s))).toBe('#/task?q=pn%3Azlib&sel=b1%7C%3Azlib%3Ado_fetch%3A00');
    s.goBack();
    expect(store.getState().view).toBe('tasks');
  });

  it('keeps the q/sel of views that own their state (equivalence) in routeParams', async () => {
    const store = createAppStore({ api: fakeApi({}) });
    await store.getState().applyRoute({ view: 'equivalence', sel: 'abc' });
    expect(formatRoute(routeOf(store.getState()))).toBe('#/equivalence?sel=abc');
    store.getState().navigate('sources');
    expect(formatRoute(routeOf(store.getState()))).toBe('#/sources');
  });
});
