/**
 * Leak finder: host-specific content in the hashed variables of a signature — absolute paths of
 * the build machine (TOPDIR, TMPDIR, layer directories, home directories), dates and times, user
 * names and host names. These are the classic reasons two machines compute different taskhashes
 * for the same metadata, so sstate is not shared between them.
 */
import type { SigData } from './sigdata';
import { cmp } from './sig-diff';

/** What kind of host-specific content a value carries. */
export type LeakKind = 'build-path' | 'home-path' | 'absolute-path' | 'date' | 'time' | 'user' | 'host';

/** Facts about the machines being compared, when the caller knows them; all optional. */
export interface LeakContext {
  /** Known directories by name, e.g. `{ name: 'TOPDIR', path: '/home/ci/build' }`. */
  paths?: Array<{ name: string; path: string }>;
  /** User names of the build machines. */
  users?: string[];
  /** Host names of the build machines. */
  hosts?: string[];
}

/** One finding: which variable, what kind, the exact text matched and a 1-based line in the value. */
export interface Leak {
  variable: string;
  kind: LeakKind;
  match: string;
  /** For build paths the name of the directory (TOPDIR...); for home paths the user name. */
  detail?: string;
  line: number;
}

// Top-level directories that hold build trees, homes and CI workspaces, not target paths
// (/usr, /etc, /lib... name paths on the target and are legitimately hashed).
const HOST_ROOTS = [
  'home',
  'Users',
  'root',
  'build',
  'builds',
  'work',
  'workspace',
  'srv',
  'mnt',
  'media',
  'scratch',
  'data',
  'tmp',
  'nfs',
  'net',
  'var/lib/jenkins',
  'var/jenkins_home',
  'opt/build',
];
const PATH_CHARS = String.raw`[\w.+@%~-]`; // no `=` or `,`: they separate flag values
const HOST_PATH = new RegExp(
  String.raw`(?<![\w}$/.-])/(?:${HOST_ROOTS.map((r) => r.replace('/', '\\/')).join('|')})(?:/${PATH_CHARS}+)+/?`,
  'g',
);
const HOME_USER = /^\/(?:home|Users)\/([^/]+)/;
const DATE = /(?<![\w.-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])/g;
const DATE_COMPACT =
  /(?<![\w.-])(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[0-2]\d[0-5]\d(?:[0-5]\d)?)?(?![\w-])/g;
const TIME = /(?<![\w:])(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?![\w:])/g;
const LOCAL_HOST = /(?<![\w.-])[A-Za-z][\w-]*\.(?:local|lan|localdomain|internal|home|corp)(?![\w.-])/g;

/**
 * Scans the values BitBake hashed for this task (the task function and every variable in
 * taskdeps, minus ignored ones) for host-specific content. Results are sorted by variable, line.
 */
export function findLeaks(sig: SigData, ctx: LeakContext = {}): Leak[] {
  const ignored = new Set(sig.basehashIgnoreVars);
  const hashed = new Set([sig.task, ...sig.taskdeps]);
  const leaks: Leak[] = [];
  for (const variable of [...hashed].sort(cmp)) {
    if (ignored.has(variable)) continue;
    const value = sig.varvals[variable];
    if (value === null || value === undefined) continue;
    leaks.push(...findLeaksInValue(variable, value, ctx));
  }
  return leaks;
}

/** Scans one value; exported for callers that have values outside a SigData (e.g. a diff). */
export function findLeaksInValue(variable: string, value: string, ctx: LeakContext = {}): Leak[] {
  const out: Leak[] = [];
  const lines = value.split('\n');
  const known = (ctx.paths ?? [])
    .filter((p) => p.path.length > 1)
    .sort((x, y) => y.path.length - x.path.length);
  lines.forEach((text, i) => {
    const line = i + 1;
    const covered: Array<[number, number]> = [];
    // Known directories first (longest first), so `/home/me/build/tmp` is TMPDIR, not TOPDIR.
    for (const k of known) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(k.path, from);
        if (at < 0) break;
        from = at + k.path.length;
        if (covered.some(([s, e]) => at >= s && at < e)) continue;
        covered.push([at, at + k.path.length]);
        out.push({ variable, kind: 'build-path', match: k.path, detail: k.name, line });
      }
    }
    for (const m of text.matchAll(HOST_PATH)) {
      const at = m.index;
      if (covered.some(([s, e]) => at >= s && at < e)) continue;
      const home = HOME_USER.exec(m[0]);
      if (home) out.push({ variable, kind: 'home-path', match: m[0], detail: home[1]!, line });
      else out.push({ variable, kind: 'absolute-path', match: m[0], line });
    }
    for (const re of [DATE, DATE_COMPACT])
      for (const m of text.matchAll(re)) out.push({ variable, kind: 'date', match: m[0], line });
    for (const m of text.matchAll(TIME)) out.push({ variable, kind: 'time', match: m[0], line });
    for (const u of ctx.users ?? []) {
      if (u.length < 2) continue;
      const re = new RegExp(String.raw`(?<![\w-])${escapeRe(u)}(?![\w-])`, 'g');
      for (const m of text.matchAll(re)) {
        if (covered.some(([s, e]) => m.index >= s && m.index < e)) continue;
        out.push({ variable, kind: 'user', match: m[0], line });
      }
    }
    const hosts = new Set<string>();
    for (const h of ctx.hosts ?? []) {
      if (h.length < 2) continue;
      const re = new RegExp(String.raw`(?<![\w-])${escapeRe(h)}(?![\w-])`, 'gi');
      for (const m of text.matchAll(re)) {
        hosts.add(m[0].toLowerCase());
        out.push({ variable, kind: 'host', match: m[0], line });
      }
    }
    for (const m of text.matchAll(LOCAL_HOST))
      if (!hosts.has(m[0].toLowerCase())) out.push({ variable, kind: 'host', match: m[0], line });
  });
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
