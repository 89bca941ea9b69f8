import type { DatabaseSync } from 'node:sqlite';

/**
 * The schema of a real bitbake-hashserv database (read from shared/fixtures/hashserv.db with
 * `sqlite3 .schema`): unihashes_v3, outhashes_v2, users, config and their indexes.
 */
export const HASHSERV_SCHEMA = `
CREATE TABLE IF NOT EXISTS unihashes_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            method TEXT NOT NULL, taskhash TEXT NOT NULL, unihash TEXT NOT NULL, gc_mark TEXT NOT NULL,
            UNIQUE(method, taskhash)
            );
CREATE TABLE IF NOT EXISTS outhashes_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            method TEXT NOT NULL, taskhash TEXT NOT NULL, outhash TEXT NOT NULL, created DATETIME, owner TEXT, PN TEXT, PV TEXT, PR TEXT, task TEXT, outhash_siginfo TEXT,
            UNIQUE(method, taskhash, outhash)
            );
CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL, token TEXT NOT NULL, permissions TEXT NOT NULL,
            UNIQUE(username)
            );
CREATE TABLE IF NOT EXISTS config (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL, value TEXT,
            UNIQUE(name)
            );
CREATE INDEX IF NOT EXISTS taskhash_lookup_v4 ON unihashes_v3 (method, taskhash);
CREATE INDEX IF NOT EXISTS unihash_lookup_v1 ON unihashes_v3 (unihash);
CREATE INDEX IF NOT EXISTS outhash_lookup_v3 ON outhashes_v2 (method, outhash);
CREATE INDEX IF NOT EXISTS config_lookup ON config (name);
`;

/** Creates the tables and indexes when missing. */
export function createHashservSchema(db: DatabaseSync): void {
  db.exec(HASHSERV_SCHEMA);
}
