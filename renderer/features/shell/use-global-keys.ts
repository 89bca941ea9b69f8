import { useEffect } from 'react';
import type { AppStore } from '../../state';
import type { ViewId } from './route';

/** `g` then a letter: where it goes. */
export const GO_KEYS: Record<string, ViewId> = {
  h: 'start',
  s: 'sources',
  t: 'tasks',
  e: 'equivalence',
  w: 'why-rebuilt',
  o: 'outhash',
  v: 'server',
  c: 'compare',
};

const isEditable = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/** Focuses the view's own search box if it has one (`[data-view-search]`), else the task search. */
function focusSearch(doc: Document): void {
  const el =
    doc.querySelector<HTMLInputElement>('main [data-view-search]') ??
    doc.querySelector<HTMLInputElement>('[data-search="tasks"]');
  el?.focus();
  el?.select();
}

/** App-wide keys, bound once: `/`, Ctrl/Cmd+K, `?`, Esc, and `g` + letter navigation. */
export function useGlobalKeys(store: AppStore, doc: Document = document): void {
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        s.setOverlay(s.overlay === 'palette' ? 'none' : 'palette');
        return;
      }
      if (e.key === 'Escape') {
        if (isEditable(e.target) && s.overlay === 'none') return;
        if (s.overlay !== 'none' || s.view === 'task') {
          e.preventDefault();
          s.goBack();
        }
        return;
      }
      if (isEditable(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (pendingG) {
        pendingG = false;
        const view = GO_KEYS[e.key];
        if (view) {
          e.preventDefault();
          s.navigate(view);
        }
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        focusSearch(doc);
      } else if (e.key === '?') {
        e.preventDefault();
        s.setOverlay(s.overlay === 'help' ? 'none' : 'help');
      } else if (e.key === 'g') {
        pendingG = true;
      }
    };
    doc.addEventListener('keydown', onKey);
    return () => doc.removeEventListener('keydown', onKey);
  }, [store, doc]);
}
