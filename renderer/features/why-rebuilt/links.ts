/**
 * Deep links of the analysis views. The app's route carries `q` and `sel`; views that need more
 * than one value pack them into `sel` as a query string (`build=b1&task=zlib:do_compile`).
 */
import { formatRoute, type ViewId } from '../shell/route';

/** Packs named values into one `sel` string (empty values are left out). */
export function packSel(values: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
  return p.toString();
}

/** The named values of a packed `sel` (missing = undefined). */
export function unpackSel(sel: string | undefined): Record<string, string | undefined> {
  return Object.fromEntries(new URLSearchParams(sel ?? '').entries());
}

/** The hash of a view with its parameters. */
export function viewLink(view: ViewId, params: { q?: string; sel?: string } = {}): string {
  return formatRoute({
    view,
    ...(params.q ? { q: params.q } : {}),
    ...(params.sel ? { sel: params.sel } : {}),
  });
}

/** The task table filtered by filter text (e.g. `is:differs`). */
export function tasksLink(q: string): string {
  return viewLink('tasks', { q });
}

/** Why rebuilt for one task of a build, optionally against another build. */
export function whyTaskLink(build: string, task: string, against?: string): string {
  return viewLink('why-rebuilt', { sel: packSel({ mode: 'task', build, task, against }) });
}

/** Goes to a hash (the app's router follows `hashchange`). */
export function navigate(hash: string): void {
  window.location.hash = hash;
}

/**
 * Records the view's current selection in the address bar without a new history entry and
 * without a `hashchange` (the view already shows it): copy the URL, get the same screen.
 */
export function replaceSel(view: ViewId, params: { q?: string; sel?: string }): void {
  const hash = viewLink(view, params);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}
