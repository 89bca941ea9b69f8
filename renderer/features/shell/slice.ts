import type { StateCreator } from 'zustand/vanilla';
import type { AppState, SliceDeps } from '../../state/types';
import type { Route, ViewId } from './route';

/** Which overlay covers the app, if any. */
export type Overlay = 'none' | 'palette' | 'help';

/** The shell: which view is on screen, where Esc goes back to, and the overlays. */
export interface ShellSlice {
  view: ViewId;
  /** The view Esc returns to (the task list after opening a task). */
  backView: ViewId | null;
  overlay: Overlay;
  /** The route's parameters for views that keep their own state (equivalence, why rebuilt...). */
  routeParams: { q?: string; sel?: string };
  navigate(view: ViewId): void;
  /** Esc: close an overlay, else leave a detail view for the list it came from. */
  goBack(): void;
  setOverlay(overlay: Overlay): void;
  /** A deep link (load, hashchange): view, filter text and selection in one go. */
  applyRoute(route: Route): Promise<void>;
}

/** Navigation state only; the URL hash is written from it by useHashRoute. */
export const createShellSlice =
  (_deps: SliceDeps): StateCreator<AppState, [], [], ShellSlice> =>
  (set, get, store) => {
    // A workspace appeared (opened here, or by `serve <paths>`): show its tasks; none left: Start.
    store.subscribe((s, prev) => {
      if (s.activeWorkspaceId === prev.activeWorkspaceId) return;
      if (s.activeWorkspaceId && s.view === 'start') set({ view: 'tasks', backView: null, routeParams: {} });
      else if (!s.activeWorkspaceId) set({ view: 'start', backView: null, routeParams: {} });
    });
    return {
      view: 'start',
      backView: null,
      overlay: 'none',
      routeParams: {},

      navigate(view) {
        const from = get().view;
        if (view === from) return;
        set({
          view,
          routeParams: {},
          backView: view === 'task' ? (from === 'task' ? get().backView : from) : null,
        });
      },

      goBack() {
        const s = get();
        if (s.overlay !== 'none') set({ overlay: 'none' });
        else if (s.view === 'task') set({ view: s.backView ?? 'tasks', backView: null });
      },

      setOverlay(overlay) {
        set({ overlay });
      },

      async applyRoute(route) {
        const s = get();
        const params = { ...(route.q ? { q: route.q } : {}), ...(route.sel ? { sel: route.sel } : {}) };
        const own = route.view === 'tasks' || route.view === 'task';
        set({
          view: route.view,
          backView: route.view === 'task' ? 'tasks' : null,
          routeParams: own ? {} : params,
        });
        if (!own) return;
        const text = route.q ?? '';
        const jobs: Promise<void>[] = [];
        if (text !== s.tableText) jobs.push(s.setFilterText(text));
        if ((route.sel ?? null) !== s.tableSelectedKey) s.selectKey(route.sel ?? null);
        await Promise.all(jobs);
      },
    };
  };
