import { createHash, randomBytes } from 'node:crypto';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { createHashservSchema } from './schema';

type Row = Record<string, SQLInputValue>;

/** Columns usable in `where` of remove / gc-mark, per table (spec §5); OUTHASH_COLS are all of outhashes_v2 but id. */
const UNIHASH_COLS = ['method', 'taskhash', 'unihash', 'gc_mark'];
const OUTHASH_COLS = [
  'method',
  'taskhash',
  'outhash',
  'created',
  'owner',
  'PN',
  'PV',
  'PR',
  'task',
  'outhash_siginfo',
];
/** Text columns get-db-query-columns lists (spec §5). */
export const QUERY_COLUMNS = [
  'method',
  'taskhash',
  'unihash',
  'gc_mark',
  'outhash',
  'owner',
  'PN',
  'PV',
  'PR',
  'task',
  'outhash_siginfo',
];

/** A stored user. */
export interface StoredUser {
  username: string;
  token: string;
  permissions: string[];
}

/** Python's datetime.now(timezone.utc).isoformat(): microseconds and `+00:00`. */
export function pyUtcNow(): string {
  const d = new Date();
  return d.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}000+00:00`);
}

/** Server-side token hash: `sha256:<salt hex>:<sha256(salt hex + token)>` (spec §4). */
export function hashToken(token: string, salt = randomBytes(8).toString('hex')): string {
  return `sha256:${salt}:${createHash('sha256')
    .update(salt + token, 'utf8')
    .digest('hex')}`;
}

/** A new token like the server makes: 48 random bytes, base64 with `.` and `_` (64 chars). */
export function newToken(): string {
  return randomBytes(48).toString('base64').replace(/\+/g, '.').replace(/\//g, '_');
}

/**
 * The stand-in's database layer: a real SQLite file with the real schema, and the queries the
 * commands need. Column order of replies follows the real server (observed in the capture).
 */
export class HashStore {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(dbPath: string) {
    this.db = new DatabaseSync(dbPath);
    createHashservSchema(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** A prepared statement, compiled once (look-ups run 100k times per stream). */
  private sql(text: string): StatementSync {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  getUnihash(method: string, taskhash: string): Row | undefined {
    return this.sql('SELECT taskhash, method, unihash FROM unihashes_v3 WHERE method=? AND taskhash=?').get(
      method,
      taskhash,
    ) as Row | undefined;
  }

  /** get with all: the oldest outhash row joined with its unihash row, later columns winning. */
  getMerged(method: string, taskhash: string): Row | undefined {
    const r = this.sql(
      `SELECT o.*, u.id AS u_id, u.method AS u_method, u.taskhash AS u_taskhash, u.unihash AS u_unihash, u.gc_mark AS u_gc_mark
         FROM outhashes_v2 o INNER JOIN unihashes_v3 u ON o.method=u.method AND o.taskhash=u.taskhash
         WHERE o.method=? AND o.taskhash=? ORDER BY o.created ASC LIMIT 1`,
    ).get(method, taskhash) as Row | undefined;
    return r && merge(r);
  }

  /** The oldest row with this outhash, merged with its unihash row or plain. */
  getOuthash(method: string, outhash: string, withUnihash: boolean): Row | undefined {
    if (!withUnihash) {
      return this.sql(
        'SELECT * FROM outhashes_v2 WHERE method=? AND outhash=? ORDER BY created ASC LIMIT 1',
      ).get(method, outhash) as Row | undefined;
    }
    const r = this.sql(
      `SELECT o.*, u.id AS u_id, u.method AS u_method, u.taskhash AS u_taskhash, u.unihash AS u_unihash, u.gc_mark AS u_gc_mark
         FROM outhashes_v2 o INNER JOIN unihashes_v3 u ON o.method=u.method AND o.taskhash=u.taskhash
         WHERE o.method=? AND o.outhash=? ORDER BY o.created ASC LIMIT 1`,
    ).get(method, outhash) as Row | undefined;
    return r && merge(r);
  }

  unihashExists(unihash: string): boolean {
    return this.sql('SELECT 1 FROM unihashes_v3 WHERE unihash=? LIMIT 1').get(unihash) !== undefined;
  }

  /** Inserts an outhash row unless identical (method, taskhash, outhash) exists; true when new. */
  insertOuthash(row: Record<string, string | null>): boolean {
    const cols = OUTHASH_COLS;
    const r = this.sql(
      `INSERT OR IGNORE INTO outhashes_v2 (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...cols.map((c) => row[c] ?? null));
    return Number(r.changes) === 1;
  }

  /** The unihash of the oldest other taskhash with this outhash, if any. */
  equivalentUnihash(method: string, outhash: string, taskhash: string): string | undefined {
    const r = this.sql(
      `SELECT u.unihash AS unihash FROM outhashes_v2 o INNER JOIN unihashes_v3 u ON o.method=u.method AND o.taskhash=u.taskhash
         WHERE o.method=? AND o.outhash=? AND o.taskhash!=? ORDER BY o.created ASC LIMIT 1`,
    ).get(method, outhash, taskhash) as { unihash: string } | undefined;
    return r?.unihash;
  }

  /** Inserts (method, taskhash) -> unihash unless a mapping exists (the first one wins). */
  insertUnihash(method: string, taskhash: string, unihash: string): void {
    this.sql(
      'INSERT OR IGNORE INTO unihashes_v3 (method, taskhash, unihash, gc_mark) VALUES (?, ?, ?, ?)',
    ).run(method, taskhash, unihash, this.gcMark() ?? '');
  }

  getUser(username: string): StoredUser | undefined {
    const r = this.sql('SELECT username, token, permissions FROM users WHERE username=?').get(username) as
      { username: string; token: string; permissions: string } | undefined;
    return (
      r && { username: r.username, token: r.token, permissions: r.permissions.split(/\s+/).filter(Boolean) }
    );
  }

  allUsers(): StoredUser[] {
    const rows = this.sql('SELECT username, token, permissions FROM users ORDER BY id').all() as Array<{
      username: string;
      token: string;
      permissions: string;
    }>;
    return rows.map((r) => ({
      username: r.username,
      token: r.token,
      permissions: r.permissions.split(/\s+/).filter(Boolean),
    }));
  }

  /** Creates a user; false when the name is taken. */
  newUser(username: string, tokenHash: string, permissions: string[]): boolean {
    const r = this.sql('INSERT OR IGNORE INTO users (username, token, permissions) VALUES (?, ?, ?)').run(
      username,
      tokenHash,
      permissions.join(' '),
    );
    return Number(r.changes) === 1;
  }

  setUserToken(username: string, tokenHash: string): boolean {
    return (
      Number(this.sql('UPDATE users SET token=? WHERE username=?').run(tokenHash, username).changes) === 1
    );
  }

  setUserPerms(username: string, permissions: string[]): boolean {
    return (
      Number(
        this.sql('UPDATE users SET permissions=? WHERE username=?').run(permissions.join(' '), username)
          .changes,
      ) === 1
    );
  }

  deleteUser(username: string): boolean {
    return Number(this.sql('DELETE FROM users WHERE username=?').run(username).changes) === 1;
  }

  tableRows(): Record<string, { rows: number }> {
    const out: Record<string, { rows: number }> = {};
    for (const t of ['config', 'outhashes_v2', 'unihashes_v3', 'users']) {
      const r = this.sql(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number };
      out[t] = { rows: Number(r.n) };
    }
    return out;
  }

  /** remove: AND of equalities per table, unknown or null columns ignored. */
  remove(where: Record<string, unknown>): number {
    let count = 0;
    for (const [table, cols] of [
      ['unihashes_v3', UNIHASH_COLS],
      ['outhashes_v2', OUTHASH_COLS],
    ] as const) {
      const used = cols.filter((c) => where[c] !== undefined && where[c] !== null);
      if (used.length === 0) continue;
      const r = this.db
        .prepare(`DELETE FROM ${table} WHERE ${used.map((c) => `${c}=?`).join(' AND ')}`)
        .run(...used.map((c) => String(where[c])));
      count += Number(r.changes);
    }
    return count;
  }

  /** clean-unused: outhash rows with no unihash row (the server's age cutoff is effectively void). */
  cleanUnused(): number {
    const r = this.sql(
      `DELETE FROM outhashes_v2 WHERE NOT EXISTS
         (SELECT 1 FROM unihashes_v3 u WHERE u.method=outhashes_v2.method AND u.taskhash=outhashes_v2.taskhash)`,
    ).run();
    return Number(r.changes);
  }

  gcMark(): string | null | undefined {
    const r = this.sql("SELECT value FROM config WHERE name='gc-mark'").get() as
      { value: string | null } | undefined;
    return r ? r.value : undefined;
  }

  setGcMark(mark: string | null): void {
    this.sql(
      "INSERT INTO config (name, value) VALUES ('gc-mark', ?) ON CONFLICT(name) DO UPDATE SET value=excluded.value",
    ).run(mark);
  }

  /** gc-mark: stamps matching unihash rows with the mark. */
  markRows(mark: string, where: Record<string, unknown>): number {
    this.setGcMark(mark);
    const used = UNIHASH_COLS.filter((c) => where[c] !== undefined && where[c] !== null);
    if (used.length === 0) return 0;
    const r = this.sql(
      `UPDATE unihashes_v3 SET gc_mark=? WHERE ${used.map((c) => `${c}=?`).join(' AND ')}`,
    ).run(mark, ...used.map((c) => String(where[c])));
    return Number(r.changes);
  }

  gcCounts(): { keep: number; remove: number; mark: string | null } {
    const mark = this.gcMark() ?? null;
    const keep = this.sql('SELECT COUNT(*) AS n FROM unihashes_v3 WHERE gc_mark=?').get(mark ?? '') as {
      n: number;
    };
    const remove = this.sql('SELECT COUNT(*) AS n FROM unihashes_v3 WHERE gc_mark!=?').get(mark ?? '') as {
      n: number;
    };
    return { keep: Number(keep.n), remove: Number(remove.n), mark };
  }

  /** gc-sweep: deletes unmarked unihash rows and clears the mark. */
  sweep(mark: string): number {
    const r = this.sql('DELETE FROM unihashes_v3 WHERE gc_mark!=?').run(mark);
    this.setGcMark(null);
    return Number(r.changes);
  }
}

/** Folds the `u_*` columns over the outhash row: equal names keep their place, later values win. */
function merge(r: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('u_')) out[k] = v;
  out.id = r.u_id ?? null;
  out.method = r.u_method ?? null;
  out.taskhash = r.u_taskhash ?? null;
  out.unihash = r.u_unihash ?? null;
  out.gc_mark = r.u_gc_mark ?? null;
  return out;
}
