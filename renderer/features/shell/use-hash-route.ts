import { useEffect } from 'react';
import type { AppStore } from '../../state';
import type { AppState } from '../../state/types';
import { formatRoute, parseRoute, type Route } from './route';

/** The route the store stands for (tasks and task: from the table's text and selection). */
export function routeOf(s: AppState): Route {
  if (s.view === 'tasks' || s.view === 'task') {
    const r: Route = { view: s.view };
    if (s.tableText) r.q = s.tableText;
    if (s.tableSelectedKey) r.sel = s.tableSelectedKey;
    return r;
  }
  return { view: s.view, ...s.routeParams };
}

/**
 * Keeps the URL hash and the store in step: the hash is applied on load and on every hashchange
 * (back/forward, a pasted link); store changes write the hash (a new history entry when the view
 * changes, a replacement otherwise, so typing does not flood the history).
 */
export function useHashRoute(store: AppStore, win: Window = window): void {
  useEffect(() => {
    let written = formatRoute(routeOf(store.getState()));
    const apply = () => {
      const hash = win.location.hash || '#/';
      if (hash === written) return;
      written = formatRoute(parseRoute(hash));
      void store.getState().applyRoute(parseRoute(hash));
    };
    if (win.location.hash) apply();
    const unsub = store.subscribe((s, prev) => {
      const next = formatRoute(routeOf(s));
      if (next === written) return;
      written = next;
      if (win.location.hash === next) return;
      if (s.view !== prev.view) win.history.pushState(null, '', next);
      else win.history.replaceState(win.history.state, '', next);
    });
    win.addEventListener('hashchange', apply);
    return () => {
      unsub();
      win.removeEventListener('hashchange', apply);
    };
  }, [store, win]);
}
