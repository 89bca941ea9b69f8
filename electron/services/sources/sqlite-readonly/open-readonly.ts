/**
 * Opens a SQLite file of the user's build (hashserv.db, bb_persist_data.sqlite3) strictly
 * read-only: no file is ever created, modified or removed beside it, even while BitBake writes.
 *
 * What node:sqlite (SQLite 3.4x) does, measured (see test/unit/.../sqlite-readonly):
 * - `readOnly: true` (= `mode=ro`) on a WAL database whose `-wal` file does not exist CREATES
 *   `-wal` and `-shm` beside it and leaves them after close; in a directory we may not write it
 *   fails with SQLITE_READONLY_DIRECTORY.
 * - `mode=ro` with `-wal` + `-shm` present sees committed WAL content; but after a crashed writer
 *   it rebuilds the wal-index, i.e. WRITES into `-shm`, unless `readonly_shm=1` is given.
 * - `-wal` present but `-shm` missing: `mode=ro` would create `-shm`; in a read-only directory
 *   every non-immutable open fails. Only `immutable=1` opens it, without the WAL's content.
 * - `immutable=1` takes no locks and never looks at `-wal`: correct exactly when there is no WAL.
 * Hence the plan below, chosen from the files on disk before opening.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { InspectorError } from '../../../../shared/model/errors';
import { fsErrorToInspector } from '../local-fs/fs-errors';

/** How the file will be opened and why. */
export interface ReadonlyOpenPlan {
  /** `file:` URI given to SQLite. */
  uri: string;
  /**
   * 'ro': shared locks, sees a live writer's committed data (rollback journal databases).
   * 'ro-wal': WAL database with -wal and -shm present: mode=ro + readonly_shm=1.
   * 'immutable': no locks, the main file only (WAL mode with nothing in a -wal file, or no -shm).
   */
  mode: 'ro' | 'ro-wal' | 'immutable';
  journal: 'wal' | 'rollback';
  /** True when a non-empty -wal exists that we cannot read without writing (-shm missing). */
  walIgnored: boolean;
}

/** An open read-only database and how it was opened. */
export interface ReadonlyDb {
  readonly db: DatabaseSync;
  readonly file: string;
  readonly plan: ReadonlyOpenPlan;
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** What the 100-byte SQLite header tells before SQLite is involved. */
interface SqliteHeader {
  journal: 'wal' | 'rollback';
  pageSize: number;
  /** Pages according to the header, or null when the field is not valid (old writers). */
  pages: number | null;
}

/** Reads and checks the SQLite header; a 0-byte file is a valid, empty database (returns null). */
export function readSqliteHeader(file: string): SqliteHeader | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw fsErrorToInspector(err, file);
  }
  try {
    const st = statSync(file);
    if (!st.isFile())
      throw new InspectorError('NOT_A_FILE', 'Expected an SQLite file, found a directory or device.', {
        file,
      });
    const size = st.size;
    if (size === 0) return null;
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    if (n < SQLITE_MAGIC.length || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new InspectorError('BAD_FORMAT', 'Not an SQLite database (wrong magic).', { file, offset: 0 });
    }
    if (n < 100) {
      throw new InspectorError('TRUNCATED', `SQLite header is cut after ${n} of 100 bytes.`, {
        file,
        offset: n,
      });
    }
    const rawPage = buf.readUInt16BE(16);
    const pageSize = rawPage === 1 ? 65536 : rawPage;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
      throw new InspectorError('BAD_FORMAT', `Invalid SQLite page size ${rawPage}.`, { file, offset: 16 });
    }
    const writeVersion = buf[18];
    const journal = writeVersion === 2 ? 'wal' : 'rollback';
    // The in-header size is valid only when the change counter matches version-valid-for.
    const pagesValid = buf.readUInt32BE(24) === buf.readUInt32BE(92);
    const pages = pagesValid ? buf.readUInt32BE(28) : null;
    if (pages !== null && pages > 0 && size < pages * pageSize) {
      throw new InspectorError(
        'TRUNCATED',
        `SQLite file is ${size} bytes but its header declares ${pages} pages of ${pageSize} bytes (${pages * pageSize}).`,
        { file, offset: size },
      );
    }
    return { journal, pageSize, pages };
  } finally {
    closeSync(fd);
  }
}

function fileSize(p: string): number | null {
  try {
    return statSync(p).size;
  } catch {
    return null;
  }
}

/** Chooses how to open `file` so that nothing beside it changes (see the module comment). */
export function planReadonlyOpen(file: string): ReadonlyOpenPlan {
  const header = readSqliteHeader(file);
  const base = pathToFileURL(file).href;
  const journal = header?.journal ?? 'rollback';
  if (journal === 'rollback') {
    // Rollback-journal readers create nothing; shared locks keep us consistent with a writer.
    return { uri: `${base}?mode=ro`, mode: 'ro', journal, walIgnored: false };
  }
  const walSize = fileSize(`${file}-wal`);
  const shmSize = fileSize(`${file}-shm`);
  if (walSize !== null && shmSize !== null) {
    return { uri: `${base}?mode=ro&readonly_shm=1`, mode: 'ro-wal', journal, walIgnored: false };
  }
  // No -wal: the main file holds everything committed. -wal without -shm: reading it would
  // create -shm, so we read the checkpointed state and say so.
  return {
    uri: `${base}?immutable=1`,
    mode: 'immutable',
    journal,
    walIgnored: walSize !== null && walSize > 0,
  };
}

/** Opens `file` read-only per `planReadonlyOpen`. Throws InspectorError on any failure. */
export function openSqliteReadonly(file: string, options: { busyTimeoutMs?: number } = {}): ReadonlyDb {
  const plan = planReadonlyOpen(file);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(plan.uri, { readOnly: true, timeout: options.busyTimeoutMs ?? 3000 });
    // Forces SQLite to read the schema now, so a corrupt or non-database file fails here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    throw sqliteErrorToInspector(err, file);
  }
  let closed = false;
  return {
    db,
    file,
    plan,
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

interface SqliteLikeError {
  code?: unknown;
  errcode?: unknown;
  errstr?: unknown;
  message?: unknown;
}

/** Maps a node:sqlite error (primary result code in the low byte of errcode) to an InspectorError. */
export function sqliteErrorToInspector(err: unknown, file: string, table?: string): InspectorError {
  if (err instanceof InspectorError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SqliteLikeError;
  const where = table ? { file, entry: table } : { file };
  if (typeof e.errcode !== 'number') {
    if (typeof e.code === 'string' && e.code.startsWith('E')) return fsErrorToInspector(err, file);
    return new InspectorError('INTERNAL', `SQLite failed: ${String(e.message ?? err)}`, where, {
      cause: err,
    });
  }
  const msg = String(e.errstr ?? e.message ?? 'unknown error');
  switch (e.errcode & 0xff) {
    case 26: // SQLITE_NOTADB
      return new InspectorError('BAD_FORMAT', `Not an SQLite database: ${msg}.`, where, { cause: err });
    case 11: // SQLITE_CORRUPT
      return new InspectorError('BAD_FORMAT', `The SQLite database is corrupt: ${msg}.`, where, {
        cause: err,
      });
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return new InspectorError(
        'TIMEOUT',
        `The database stayed locked by a writer (BitBake or hashserv); try again: ${msg}.`,
        where,
        { cause: err },
      );
    case 3: // SQLITE_PERM
    case 23: // SQLITE_AUTH
      return new InspectorError('PERMISSION_DENIED', `SQLite was refused access: ${msg}.`, where, {
        cause: err,
      });
    case 14: // SQLITE_CANTOPEN
      return new InspectorError(
        'PERMISSION_DENIED',
        `SQLite cannot open the file or its -wal/-shm: ${msg}.`,
        where,
        {
          cause: err,
        },
      );
    case 8: // SQLITE_READONLY: it wanted to write (recovery); we never let it
      return new InspectorError(
        'UNSUPPORTED',
        `Reading would require writing beside the database: ${msg}.`,
        where,
        {
          cause: err,
        },
      );
    case 10: // SQLITE_IOERR (incl. SHORT_READ of a truncated file)
      return new InspectorError(
        'TRUNCATED',
        `I/O error reading the database (truncated or vanished?): ${msg}.`,
        where,
        {
          cause: err,
        },
      );
    case 1: // SQLITE_ERROR (no such table/column: a schema we did not expect)
      return new InspectorError('BAD_FORMAT', `Unexpected database content: ${msg}.`, where, { cause: err });
    default:
      return new InspectorError('INTERNAL', `SQLite error ${e.errcode}: ${msg}.`, where, { cause: err });
  }
}

/** Names of the user tables (without sqlite_* internals). */
export function listTables(rdb: ReadonlyDb): string[] {
  try {
    const rows = rdb.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all();
    return rows.map((r) => String(r.name));
  } catch (err) {
    throw sqliteErrorToInspector(err, rdb.file, 'sqlite_master');
  }
}

/** Lower-cased column names of a table. */
export function listColumns(rdb: ReadonlyDb, table: string): Set<string> {
  try {
    const rows = rdb.db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all();
    return new Set(rows.map((r) => String(r.name).toLowerCase()));
  } catch (err) {
    throw sqliteErrorToInspector(err, rdb.file, table);
  }
}

/** Quotes an SQL identifier (table names come from the file, so never trust them). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
