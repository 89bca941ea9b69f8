/**
 * Bulk-loads a hashserv.db into the index: the database is ATTACHed read-only (with the plan of
 * sources/sqlite-readonly, so nothing is ever written beside it) and copied with INSERT ... SELECT,
 * which keeps a million-row database to a few seconds — no row ever becomes a JS object.
 */
import type { DatabaseSync } from 'node:sqlite';
import { InspectorError } from '../../../shared/model/errors';
import type { HashservSchema } from '../../../shared/model/sources';
import { planReadonlyOpen, sqliteErrorToInspector } from '../sources/sqlite-readonly/open-readonly';
import { UNIHASH_RANK } from './store-schema';

/** What was copied from one hashserv.db. */
export interface HashservIngestResult {
  schema: HashservSchema;
  unihashRows: number;
  outhashRows: number;
}

/** Detects the schema from table names (spec local-caches.md §C.3); null when none matches. */
export function detectHashservSchema(tables: ReadonlySet<string>): HashservSchema | null {
  if (tables.has('unihashes_v3') && tables.has('outhashes_v2')) return 'v3';
  if (tables.has('unihashes_v2') && tables.has('outhashes_v2')) return 'split_v2';
  if (tables.has('tasks_v2')) return 'tasks_v2';
  if (tables.has('tasks_v1')) return 'tasks_v1';
  return null;
}

/** SQL that turns a stored task name (`compile`, or `do_compile`) into `do_compile`. */
const TASK_EXPR = `CASE WHEN task IS NULL OR task = '' THEN NULL
  WHEN substr(task, 1, 3) = 'do_' THEN task ELSE 'do_' || task END`;

/**
 * The order facts are copied in: by taskhash, then as the file stored them. Every later step
 * reads them by taskhash (the (build, taskhash) indexes, the per-taskhash aggregates of
 * derive-rows.ts), and sorted rows make those walk memory in order: over a million rows they cost
 * a third to a half as much, a little more than the sort costs here. Within one taskhash the
 * file's order (id) is kept: "the first statement" and "the first report" keep their meaning.
 */
const FACT_ORDER = 'ORDER BY taskhash, id';

/** Copies the unihash and outhash rows of `file` into f_unihash / f_outhash for one build. */
export function ingestHashservDb(
  db: DatabaseSync,
  file: string,
  build: string,
  src: number,
): HashservIngestResult {
  const plan = planReadonlyOpen(file);
  const alias = 'hs';
  try {
    db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(plan.uri);
  } catch (err) {
    throw sqliteErrorToInspector(err, file);
  }
  try {
    let tables: Set<string>;
    try {
      tables = new Set(
        db
          .prepare(`SELECT name FROM ${alias}.sqlite_master WHERE type = 'table'`)
          .all()
          .map((r) => String(r.name)),
      );
    } catch (err) {
      throw sqliteErrorToInspector(err, file, 'sqlite_master');
    }
    const schema = detectHashservSchema(tables);
    if (!schema) {
      throw new InspectorError(
        'UNSUPPORTED',
        'Not a hashserv database: none of unihashes_v3, unihashes_v2 + outhashes_v2, tasks_v2, tasks_v1 is present.',
        { file },
      );
    }
    const rank = UNIHASH_RANK['hashserv-db'];
    const uniTable = schema === 'v3' ? 'unihashes_v3' : schema === 'split_v2' ? 'unihashes_v2' : schema;
    const copyUnihashes =
      schema === 'v3' || schema === 'split_v2'
        ? `INSERT INTO f_unihash (build, src, kind, rank, method, taskhash, unihash)
           SELECT ?, ?, 'hashserv-db', ${rank}, method, taskhash, unihash FROM ${alias}.${uniTable}
           ${FACT_ORDER}`
        : // One-table schemas repeat the unihash on every report; the first (by id) is the mapping.
          `INSERT INTO f_unihash (build, src, kind, rank, method, taskhash, unihash)
           SELECT ?, ?, 'hashserv-db', ${rank}, method, taskhash, unihash FROM ${alias}.${uniTable}
           WHERE id IN (SELECT min(id) FROM ${alias}.${uniTable} GROUP BY method, taskhash) ${FACT_ORDER}`;
    const outTable = schema === 'v3' || schema === 'split_v2' ? 'outhashes_v2' : schema;
    const copyOuthashes = `INSERT INTO f_outhash
        (build, src, method, taskhash, outhash, created, owner, pn, pv, pr, task, has_siginfo)
      SELECT ?, ?, method, taskhash, outhash, created, owner, PN, PV, PR, ${TASK_EXPR},
        outhash_siginfo IS NOT NULL AND outhash_siginfo <> ''
      FROM ${alias}.${outTable} ${FACT_ORDER}`;
    db.exec('BEGIN');
    try {
      const u = db.prepare(copyUnihashes).run(build, src);
      const o = db.prepare(copyOuthashes).run(build, src);
      db.exec('COMMIT');
      return { schema, unihashRows: Number(u.changes), outhashRows: Number(o.changes) };
    } catch (err) {
      db.exec('ROLLBACK');
      throw sqliteErrorToInspector(err, file, uniTable);
    }
  } finally {
    db.exec(`DETACH DATABASE ${alias}`);
  }
}
