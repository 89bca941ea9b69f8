/**
 * Deep links: the view on screen and its selection as a URL hash, `#/tasks?q=<filter>&sel=<key>`,
 * the same in web mode and in Electron. Pure functions: parse on load / hashchange, format when
 * the store changes.
 */

/** Every view of the app, in nav-rail order. */
export const VIEW_IDS = [
  'start',
  'sources',
  'tasks',
  'task',
  'equivalence',
  'why-rebuilt',
  'outhash',
  'server',
  'compare',
] as const;
/** One view of the app. */
export type ViewId = (typeof VIEW_IDS)[number];

/** Where the app is: a view plus its parameters (all strings, all optional). */
export interface Route {
  view: ViewId;
  /** Filter text of the task table (the search box). */
  q?: string;
  /** Selected row key (tasks) or the task shown (task). */
  sel?: string;
}

const isView = (v: string): v is ViewId => (VIEW_IDS as readonly string[]).includes(v);

/** Reads a location hash (`#/tasks?q=pn%3Azlib&sel=...`); anything unknown means the start view. */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const qm = body.indexOf('?');
  const name = decodeURIComponent(qm < 0 ? body : body.slice(0, qm));
  const params = new URLSearchParams(qm < 0 ? '' : body.slice(qm + 1));
  const route: Route = { view: isView(name) ? name : 'start' };
  const q = params.get('q');
  const sel = params.get('sel');
  if (q) route.q = q;
  if (sel) route.sel = sel;
  return route;
}

/** The hash for a route (parameters only when set, so links stay short). */
export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.q) params.set('q', route.q);
  if (route.sel) params.set('sel', route.sel);
  const tail = params.toString();
  return `#/${route.view}${tail ? `?${tail}` : ''}`;
}
