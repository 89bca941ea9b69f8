/** Permission names of bitbake-hashserv (spec §4). */
export const ALL_PERMS = ['@none', '@read', '@report', '@db-admin', '@user-admin', '@all'] as const;

/** What `@all` expands to in replies (observed: sorted, including `@all`). */
export const EXPANDED_ALL = ['@all', '@db-admin', '@read', '@report', '@user-admin'];

/** How a command is guarded. */
export interface CommandRule {
  perms: string[];
  /** Anonymous perms can grant it. */
  anon: boolean;
  /** A logged-in user may run it on themselves. */
  self?: boolean;
  /** Registered only when the server is writable. */
  writable?: boolean;
  /** Stream-mode entries are not counted in stats. */
  stream?: boolean;
}

/** The command table, in the order the server walks it. */
export const COMMAND_RULES: Record<string, CommandRule> = {
  ping: { perms: [], anon: true },
  get: { perms: ['@read'], anon: true },
  'get-outhash': { perms: ['@read'], anon: true },
  'get-stream': { perms: ['@read'], anon: true, stream: true },
  'exists-stream': { perms: ['@read'], anon: true, stream: true },
  'get-stats': { perms: ['@read'], anon: true },
  report: { perms: ['@read'], anon: true },
  auth: { perms: [], anon: true },
  'get-user': { perms: ['@user-admin'], anon: false, self: true },
  'get-all-users': { perms: ['@user-admin'], anon: false },
  'become-user': { perms: ['@user-admin'], anon: false },
  'get-db-usage': { perms: ['@db-admin'], anon: true },
  'get-db-query-columns': { perms: ['@db-admin'], anon: true },
  'report-equiv': { perms: ['@read', '@report'], anon: true, writable: true },
  'reset-stats': { perms: ['@db-admin'], anon: true, writable: true },
  'backfill-wait': { perms: ['@read'], anon: true, writable: true },
  remove: { perms: ['@db-admin'], anon: true, writable: true },
  'clean-unused': { perms: ['@db-admin'], anon: true, writable: true },
  'gc-mark': { perms: ['@db-admin'], anon: true, writable: true },
  'gc-mark-stream': { perms: ['@db-admin'], anon: true, writable: true, stream: true },
  'gc-sweep': { perms: ['@db-admin'], anon: true, writable: true },
  'gc-status': { perms: ['@db-admin'], anon: true, writable: true },
  'refresh-token': { perms: ['@user-admin'], anon: false, self: true, writable: true },
  'set-user-perms': { perms: ['@user-admin'], anon: false, writable: true },
  'new-user': { perms: ['@user-admin'], anon: false, writable: true },
  'delete-user': { perms: ['@user-admin'], anon: false, self: true, writable: true },
};

/** True when `held` grants every permission of `needed`. */
export function grants(held: readonly string[], needed: readonly string[]): boolean {
  return held.includes('@all') || needed.every((p) => held.includes(p));
}

/** Parses `--anon-perms` text (comma or space separated). */
export function parsePerms(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
