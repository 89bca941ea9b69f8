/**
 * The outhash(es) a hashserv database recorded for an sstate object. sstate archives are named
 * by unihash; outhashes are stored per taskhash, so the lookup goes through unihashes_v3.
 * The database is opened read-only (BitBake may be writing it). Even a read-only open of a WAL
 * database creates or updates its `-shm` file; when the `-wal` file is absent or empty there is
 * nothing to read from it, so the database is opened `immutable` and nothing beside it changes.
 */
import { statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { InspectorError } from '../../../shared/model/errors';

/** One recorded report. */
export interface RecordedOuthash {
  taskhash: string;
  outhash: string;
  method: string;
  task: string | null;
  pn: string | null;
}

/** Reports whose taskhash maps to `unihash` (or whose taskhash is `unihash` itself). */
export function recordedOuthashes(dbPath: string, unihash: string): RecordedOuthash[] {
  let db: DatabaseSync;
  try {
    let walBytes = 0;
    try {
      walBytes = statSync(`${dbPath}-wal`).size;
    } catch {
      walBytes = 0;
    }
    const location = walBytes > 0 ? dbPath : `${pathToFileURL(dbPath).href}?immutable=1`;
    db = new DatabaseSync(location, { readOnly: true });
  } catch (err) {
    throw new InspectorError('NOT_FOUND', `Cannot open hashserv database: ${(err as Error).message}`, {
      file: dbPath,
    });
  }
  try {
    const rows = db
      .prepare(
        `SELECT o.taskhash AS taskhash, o.outhash AS outhash, o.method AS method, o.task AS task, o.PN AS pn
           FROM outhashes_v2 o
          WHERE o.taskhash = ?
             OR o.taskhash IN (SELECT taskhash FROM unihashes_v3 WHERE unihash = ? AND method = o.method)
          ORDER BY o.created`,
      )
      .all(unihash, unihash) as unknown as RecordedOuthash[];
    return rows.map((r) => ({ ...r }));
  } catch (err) {
    throw new InspectorError('BAD_FORMAT', `Not a hashserv database: ${(err as Error).message}`, {
      file: dbPath,
      entry: 'outhashes_v2',
    });
  } finally {
    db.close();
  }
}
