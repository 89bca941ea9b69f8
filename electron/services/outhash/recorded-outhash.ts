/**
 * The outhash(es) a hashserv database recorded for an sstate object. sstate archives are named
 * by unihash; outhashes are stored per taskhash, so the lookup goes through unihashes_v3.
 * The database is opened through sources/sqlite-readonly: BitBake may be writing it, and a plain
 * read-only open of a WAL database would create or rewrite `-wal`/`-shm` beside the user's file.
 */
import { InspectorError } from '../../../shared/model/errors';
import { openSqliteReadonly } from '../sources/sqlite-readonly/index';

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
  const rdb = openSqliteReadonly(dbPath);
  try {
    const rows = rdb.db
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
    rdb.close();
  }
}
