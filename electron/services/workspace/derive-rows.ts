/**
 * Turns one build's facts into task rows (one per mc + PN + task + taskhash), entirely in SQL so a
 * million hashserv rows never become JS objects.
 *
 * Identity: a taskhash is a sha256 of the task's inputs, so it identifies the task. Sources that
 * know the configuration (bb_unihashes.dat, persist_data, sigdata) give (mc, PN, task, taskhash);
 * hashserv.db only knows taskhash (+ PN/task when the build reported task data) and its rows join
 * those identities, or become rows of the default configuration. Files are then attached: sigdata by
 * the taskhash in its content, stamps by the hash in their name (unihash or taskhash, spec §D.2),
 * sstate objects by (PN, task, unihash), depsig by outhash (sha256 of its text == outhash, §7).
 * Files that match nothing become rows of their own (taskhash unknown, unihash = the name's hash).
 */
import type { DatabaseSync } from 'node:sqlite';
import { FACT_INDEX_DDL, OUTHASH_INDEX_DDL, TASK_KEY_INDEX_DDL, TASK_PAGE_INDEX_DDL } from './store-schema';

/** Where the derived rows of a build came from, for the summary. */
export interface DeriveStats {
  rows: number;
  /** Rows created only from files (no taskhash known). */
  fileOnlyRows: number;
}

/**
 * Derives (or re-derives) the task rows of `build`. `ord` is the build's position for sorting.
 * `localFacts` is false when the build's only facts came from server databases (ingestHashservDb):
 * then the rows are built in one pass (deriveServerOnlyRows) and no configuration-aware work runs.
 */
export function deriveBuildRows(
  db: DatabaseSync,
  build: string,
  ord: number,
  localFacts = true,
  /** Server-only: leave `latest` to the caller (markServerOnlyLatest), to run after rows are queryable. */
  deferLatest = false,
): DeriveStats {
  const run = (sql: string, ...params: Array<string | number>) => db.prepare(sql).run(...params);
  // Fact indexes are built once the facts are in (cheaper than maintaining them while copying).
  db.exec(FACT_INDEX_DDL);
  // The local derivation inserts file-only rows with INSERT OR IGNORE on the key: it needs the
  // unique index from the start. Server-only rows have unique keys by construction (one per
  // taskhash) and leave the index to be built afterwards (TaskIndex's secondary indexes).
  if (localFacts) db.exec(TASK_KEY_INDEX_DDL);
  run('DELETE FROM task WHERE build = ?', build);
  db.exec('DROP TABLE IF EXISTS temp.ident; DROP TABLE IF EXISTS temp.file_task;');

  // 0. Per-taskhash aggregates, each one streaming GROUP BY over a (build, taskhash) index:
  //    u0 = statements without configuration (hashserv.db), umc = with one (caches, sigdata),
  //    o0 = outhash reports (first outhash by time, how many distinct, PN/task).
  //    They live in the main schema, not temp: the pages they free when dropped are reused by the
  //    indexes built next (over a million rows, a peak of 370 MB less).
  db.exec(`DROP TABLE IF EXISTS main.u0; DROP TABLE IF EXISTS main.umc; DROP TABLE IF EXISTS main.o0;
    DROP TABLE IF EXISTS temp.mcof;
    CREATE TABLE main.u0 (taskhash TEXT PRIMARY KEY, unihash TEXT, n INTEGER, method TEXT, rank INTEGER) WITHOUT ROWID;
    CREATE TABLE main.umc (mc TEXT, taskhash TEXT, unihash TEXT, n INTEGER, method TEXT, rank INTEGER,
      PRIMARY KEY (mc, taskhash)) WITHOUT ROWID;
    CREATE TABLE main.o0 (taskhash TEXT PRIMARY KEY, outhash TEXT, n INTEGER, created TEXT, method TEXT,
      pn TEXT, task TEXT) WITHOUT ROWID;`);
  // (SQLite: with exactly one min() aggregate, bare columns come from the row holding the minimum.)
  run(
    `INSERT INTO main.u0 SELECT taskhash, unihash, count(DISTINCT unihash), method, min(rank)
     FROM f_unihash INDEXED BY f_unihash_th WHERE build = ? AND mc IS NULL GROUP BY taskhash`,
    build,
  );
  // (A full scan of f_unihash: skipped when no source gave configuration-aware statements.)
  if (localFacts)
    run(
      `INSERT INTO main.umc SELECT mc, taskhash, unihash, count(DISTINCT unihash), method, min(rank)
     FROM f_unihash WHERE build = ? AND mc IS NOT NULL GROUP BY mc, taskhash`,
      build,
    );
  run(
    `INSERT INTO main.o0 SELECT taskhash, outhash, count(DISTINCT outhash), min(coalesce(created, '')), method, pn, task
     FROM f_outhash INDEXED BY f_outhash_th WHERE build = ? GROUP BY taskhash`,
    build,
  );

  run('DELETE FROM task_class WHERE build_ord = ?', ord);
  // A build that is only a server database (the big case: a million rows) has no configuration,
  // files or cache to reconcile: its rows are the taskhashes of the reports, built in one pass.
  let created = 0;
  let serverRows = 0;
  if (localFacts) created = deriveLocalRows(db, build, ord);
  else serverRows = deriveServerOnlyRows(db, build, ord);

  // 7. The current row of each task: the one in the build's unihash cache, else the one with a
  //    stamp, else the newest stamp/sigdata file, else the newest report.
  if (localFacts) markLatestLocal(db, build);
  else if (!deferLatest) markServerOnlyLatest(db, build);

  db.exec(`DROP TABLE IF EXISTS temp.ident; DROP TABLE IF EXISTS temp.file_task; DROP TABLE main.u0;
    DROP TABLE main.umc; DROP TABLE main.o0; DROP TABLE IF EXISTS temp.mcof; DROP TABLE IF EXISTS temp.fmt;`);
  // (A server-only build's rows were all inserted above: no count over a million rows.)
  const rows = localFacts
    ? Number((db.prepare('SELECT count(*) AS n FROM task WHERE build = ?').get(build) as { n: number }).n)
    : serverRows;
  return { rows, fileOnlyRows: created };
}

/** `latest` over rows with files and caches: a window over the build's rows with every tie-break. */
function markLatestLocal(db: DatabaseSync, build: string): void {
  db.exec(`DROP TABLE IF EXISTS temp.fmt;
    CREATE TEMP TABLE fmt (task INTEGER PRIMARY KEY, mt REAL);`);
  db.prepare(
    `INSERT INTO temp.fmt SELECT tf.task, max(f.mtime) FROM task_file tf JOIN f_file f ON f.id = tf.file
     WHERE f.build = ? AND f.kind IN ('stamp', 'setscene', 'sigdata') GROUP BY tf.task`,
  ).run(build);
  db.prepare(
    `WITH ranked AS (
       SELECT t.id, row_number() OVER (
         PARTITION BY t.mc, t.pn, t.task
         ORDER BY (m.rank = 1) DESC, t.stamp DESC, coalesce(fm.mt, 0) DESC, coalesce(t.created, '') DESC, t.id DESC
       ) AS rn
       FROM task t LEFT JOIN main.umc m ON m.mc = t.mc AND m.taskhash = t.taskhash
         LEFT JOIN temp.fmt fm ON fm.task = t.id
       WHERE t.build = ?1 AND t.pn IS NOT NULL AND t.task IS NOT NULL)
     UPDATE task SET latest = 1 WHERE id IN (SELECT id FROM ranked WHERE rn = 1)`,
  ).run(build);
}

/**
 * `latest` of a server-only build, where the window's first three keys are equal on every row (no
 * cache, no stamps, no files) and mc is always '': per (PN, task) the row with the newest
 * `created` (NULL as ''), ties to the highest id. One streaming GROUP BY over the (pn, task) index
 * (built here, the page index TaskIndex needs anyway) instead of a window sorting a million rows.
 * max() of `created || char(1) || zero-padded id` orders exactly like (created, id): char(1) sorts
 * below any character of a timestamp, so a created never outranks a longer one it prefixes.
 */
export function markServerOnlyLatest(db: DatabaseSync, build: string): void {
  db.exec(TASK_PAGE_INDEX_DDL);
  db.prepare(
    `UPDATE task SET latest = 1 WHERE id IN (
       SELECT CAST(substr(max(coalesce(created, '') || char(1) || printf('%015d', id)), -15) AS INTEGER)
       FROM task INDEXED BY task_pn
       WHERE build = ? AND pn IS NOT NULL AND task IS NOT NULL GROUP BY pn, task)`,
  ).run(build);
}

/**
 * Rows of a build whose only statements come from a server database: one row per taskhash of
 * main.u0 / main.o0, in the default configuration: those of u0 in taskhash order (as the general
 * path numbers them), then those only o0 knows (no UNION of a million hashes to build). Class sizes are counted from main.u0 first, so rows are written once, complete.
 * Returns the number of rows inserted (there are no file-only rows).
 */
function deriveServerOnlyRows(db: DatabaseSync, build: string, ord: number): number {
  const run = (sql: string, ...params: Array<string | number>) => db.prepare(sql).run(...params);
  // Each taskhash appears once in u0, so a class's size is its number of u0 rows.
  run(
    `INSERT INTO task_class (build_ord, unihash, n)
     SELECT ?, unihash, count(*) FROM main.u0 WHERE unihash IS NOT NULL GROUP BY unihash`,
    ord,
  );
  db.exec(
    'CREATE TEMP TABLE file_task (file INTEGER NOT NULL, task INTEGER NOT NULL, PRIMARY KEY (file, task))',
  );
  const fromU0 = run(
    `INSERT INTO task (key, build, build_ord, mc, pn, task, taskhash, unihash, n_unihash,
                       outhash, n_outhash, created, method, class_size)
     SELECT ?1 || '|' || ':' || coalesce(o.pn, '') || ':' || coalesce(o.task, '') || ':' || u.taskhash,
       ?1, ?2, '', o.pn, o.task, u.taskhash, u.unihash, u.n,
       o.outhash, coalesce(o.n, 0), nullif(o.created, ''), coalesce(u.method, o.method),
       coalesce(c.n, 0)
     FROM main.u0 u LEFT JOIN main.o0 o ON o.taskhash = u.taskhash
       LEFT JOIN task_class c ON c.build_ord = ?2 AND c.unihash = u.unihash`,
    build,
    ord,
  );
  // Taskhashes reported with an outhash but no unihash (one-table schemas can have them).
  const fromO0 = run(
    `INSERT INTO task (key, build, build_ord, mc, pn, task, taskhash, n_unihash,
                       outhash, n_outhash, created, method)
     SELECT ?1 || '|' || ':' || coalesce(o.pn, '') || ':' || coalesce(o.task, '') || ':' || o.taskhash,
       ?1, ?2, '', o.pn, o.task, o.taskhash, 0, o.outhash, o.n, nullif(o.created, ''), o.method
     FROM main.o0 o WHERE NOT EXISTS (SELECT 1 FROM main.u0 u WHERE u.taskhash = o.taskhash)`,
    build,
    ord,
  );
  return Number(fromU0.changes) + Number(fromO0.changes);
}

/**
 * Rows of a build with local sources (caches, stamps, sigdata, sstate): identities with their
 * configuration, server-only taskhashes joined to them, files attached, flags and class sizes.
 * Returns the number of rows created only from files.
 */
function deriveLocalRows(db: DatabaseSync, build: string, ord: number): number {
  const run = (sql: string, ...params: Array<string | number>) => db.prepare(sql).run(...params);
  // 1. Identities known with their configuration.
  db.exec(`CREATE TEMP TABLE ident (mc TEXT NOT NULL, pn TEXT, task TEXT, hid TEXT NOT NULL, taskhash TEXT,
    local INTEGER NOT NULL, PRIMARY KEY (mc, pn, task, hid))`);
  run(
    `INSERT OR IGNORE INTO temp.ident (mc, pn, task, hid, taskhash, local)
     SELECT mc, pn, task, taskhash, taskhash, 1 FROM f_unihash
     WHERE build = ? AND mc IS NOT NULL AND pn IS NOT NULL AND task IS NOT NULL`,
    build,
  );
  run(
    `INSERT OR IGNORE INTO temp.ident (mc, pn, task, hid, taskhash, local)
     SELECT mc, pn, task, taskhash, taskhash, 1 FROM f_file
     WHERE build = ? AND taskhash IS NOT NULL AND mc IS NOT NULL`,
    build,
  );
  db.exec('CREATE INDEX temp.ident_th ON ident (taskhash)');

  // 2. Taskhashes only the server database knows: PN/task from the reports; the configuration
  //    of the class members that share its unihash and PN/task when they agree on one, else ''.
  db.exec(`CREATE TEMP TABLE mcof (unihash TEXT, pn TEXT, task TEXT, mc TEXT, PRIMARY KEY (unihash, pn, task))
    WITHOUT ROWID`);
  run(
    `INSERT OR IGNORE INTO temp.mcof
     SELECT coalesce(m.unihash, u.unihash) AS uh, i.pn, i.task,
            CASE WHEN count(DISTINCT i.mc) = 1 THEN min(i.mc) END
     FROM temp.ident i LEFT JOIN main.umc m ON m.mc = i.mc AND m.taskhash = i.taskhash
       LEFT JOIN main.u0 u ON u.taskhash = i.taskhash
     WHERE coalesce(m.unihash, u.unihash) IS NOT NULL
     GROUP BY uh, i.pn, i.task`,
  );
  run(
    `INSERT OR IGNORE INTO temp.ident (mc, pn, task, hid, taskhash, local)
     SELECT coalesce(mf.mc, ''), o.pn, o.task, h.taskhash, h.taskhash, 0
     FROM (SELECT taskhash FROM main.u0 UNION SELECT taskhash FROM main.o0) h
       LEFT JOIN main.o0 o ON o.taskhash = h.taskhash
       LEFT JOIN main.u0 u ON u.taskhash = h.taskhash
       LEFT JOIN temp.mcof mf ON mf.unihash = u.unihash AND mf.pn = o.pn AND mf.task = o.task
     WHERE NOT EXISTS (SELECT 1 FROM temp.ident i WHERE i.taskhash = h.taskhash)`,
  );

  // 3. Rows: the unihash of the best-ranked source (lower rank wins), how many distinct values the
  //    sources give (counted exactly only for local rows; server-only rows have one source kind).
  run(
    `INSERT INTO task (key, build, build_ord, mc, pn, task, taskhash, unihash, n_unihash,
                       outhash, n_outhash, created, method)
     SELECT ?1 || '|' || i.mc || ':' || coalesce(i.pn, '') || ':' || coalesce(i.task, '') || ':' || i.hid,
       ?1, ?2, i.mc, i.pn, i.task, i.taskhash,
       CASE WHEN m.rank IS NOT NULL AND (u.rank IS NULL OR m.rank < u.rank) THEN m.unihash
            ELSE coalesce(u.unihash, m.unihash) END,
       CASE WHEN i.local = 1 THEN
         (SELECT count(DISTINCT f.unihash) FROM f_unihash f INDEXED BY f_unihash_th
          WHERE f.build = ?1 AND f.taskhash = i.taskhash AND (f.mc IS NULL OR f.mc = i.mc))
         ELSE coalesce(u.n, 0) END,
       o.outhash, coalesce(o.n, 0), nullif(o.created, ''), coalesce(u.method, m.method, o.method)
     FROM temp.ident i
       LEFT JOIN main.umc m ON m.mc = i.mc AND m.taskhash = i.taskhash
       LEFT JOIN main.u0 u ON u.taskhash = i.taskhash
       LEFT JOIN main.o0 o ON o.taskhash = i.taskhash`,
    build,
    ord,
  );

  // 4. Attach files; files matching nothing become rows of their own, then attach again.
  db.exec(
    'CREATE TEMP TABLE file_task (file INTEGER NOT NULL, task INTEGER NOT NULL, PRIMARY KEY (file, task))',
  );
  attachFiles(db, build);
  const created = run(
    `INSERT OR IGNORE INTO task (key, build, build_ord, mc, pn, task, taskhash, unihash, n_unihash)
     SELECT x.build || '|' || f.mc2 || ':' || f.pn || ':' || f.task || ':u:' || f.hash,
            x.build, ?2, f.mc2, f.pn, f.task, NULL, f.hash, 0
     FROM (SELECT DISTINCT coalesce(mc, '') AS mc2, pn, task, hash FROM f_file
           WHERE build = ?1 AND hash IS NOT NULL AND kind <> 'depsig'
             AND NOT EXISTS (SELECT 1 FROM temp.file_task ft WHERE ft.file = f_file.id)) f,
          (SELECT ?1 AS build) x`,
    build,
    ord,
  );
  attachFiles(db, build);

  // 5. Flags from the attached files.
  run(
    `UPDATE task SET
       sstate = EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file f ON f.id = ft.file
                        WHERE ft.task = task.id AND f.kind = 'sstate'),
       siginfo = EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file f ON f.id = ft.file
                         WHERE ft.task = task.id AND f.kind = 'siginfo'),
       stamp = EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file f ON f.id = ft.file
                       WHERE ft.task = task.id AND f.kind IN ('stamp', 'setscene')),
       sigdata = EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file f ON f.id = ft.file
                         WHERE ft.task = task.id AND f.kind = 'sigdata'),
       depsig = EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file f ON f.id = ft.file
                        WHERE ft.task = task.id AND f.kind = 'depsig')
     WHERE build = ? AND id IN (SELECT task FROM temp.file_task)`,
    build,
  );
  run(`INSERT OR IGNORE INTO task_file (file, task) SELECT file, task FROM temp.file_task`);

  // 6. Class sizes: distinct taskhashes per unihash within the build (the keyed class table, so
  //    the update is one lookup per row).
  run(
    `INSERT INTO task_class (build_ord, unihash, n) SELECT ?2, unihash, count(DISTINCT taskhash) FROM task
     WHERE build = ?1 AND unihash IS NOT NULL GROUP BY unihash`,
    build,
    ord,
  );
  run(
    `UPDATE task SET class_size = coalesce((SELECT n FROM task_class c
       WHERE c.build_ord = ?2 AND c.unihash = task.unihash), 0)
     WHERE build = ?1`,
    build,
    ord,
  );
  return Number(created.changes);
}

/** Links files to rows (into temp.file_task) by the rules in the module comment. */
function attachFiles(db: DatabaseSync, build: string): void {
  const run = (sql: string) => db.prepare(sql).run(build);
  if (!db.prepare('SELECT 1 FROM f_file WHERE build = ? LIMIT 1').get(build)) return;
  // sigdata whose content told us the taskhash.
  run(`INSERT OR IGNORE INTO temp.file_task (file, task)
       SELECT f.id, t.id FROM f_file f JOIN task t
         ON t.build = f.build AND t.taskhash = f.taskhash AND t.mc = f.mc AND t.pn = f.pn AND t.task = f.task
       WHERE f.build = ? AND f.taskhash IS NOT NULL`);
  // stamps and sigdata without content: the name's hash is the unihash or, without one, the
  // taskhash. Several rows can share that unihash (an equivalence class): the stamp belongs to one
  // of them — the build's current one (in its unihash cache), else the one whose sigdata has that
  // name, else the one whose taskhash is the hash.
  run(`INSERT OR IGNORE INTO temp.file_task (file, task)
       SELECT file, task FROM (
         SELECT f.id AS file, t.id AS task, row_number() OVER (PARTITION BY f.id ORDER BY
             EXISTS (SELECT 1 FROM f_unihash u INDEXED BY f_unihash_th WHERE u.build = t.build AND u.taskhash = t.taskhash
                     AND u.kind = 'unihash-cache' AND u.mc = t.mc) DESC,
             EXISTS (SELECT 1 FROM temp.file_task ft JOIN f_file g ON g.id = ft.file
                     WHERE ft.task = t.id AND g.kind = 'sigdata' AND g.hash = f.hash) DESC,
             t.taskhash = f.hash DESC, t.id) AS rn
         FROM f_file f JOIN task t
           ON t.build = f.build AND t.mc = f.mc AND t.pn = f.pn AND t.task = f.task
              AND (t.unihash = f.hash OR t.taskhash = f.hash)
         WHERE f.build = ? AND f.taskhash IS NULL AND f.mc IS NOT NULL AND f.hash IS NOT NULL
           AND f.kind IN ('stamp', 'setscene', 'sigdata', 'sigbasedata'))
       WHERE rn = 1`);
  // sstate objects are shared by every configuration: match PN, task and unihash.
  run(`INSERT OR IGNORE INTO temp.file_task (file, task)
       SELECT f.id, t.id FROM f_file f JOIN task t
         ON t.build = f.build AND t.unihash = f.hash AND t.pn = f.pn AND t.task = f.task
       WHERE f.build = ? AND f.kind IN ('sstate', 'siginfo')`);
  // depsig: its text's sha256 is the outhash of the taskhash that reported it.
  if (!db.prepare("SELECT 1 FROM f_file WHERE build = ? AND kind = 'depsig' LIMIT 1").get(build)) return;
  db.exec(OUTHASH_INDEX_DDL);
  run(`INSERT OR IGNORE INTO temp.file_task (file, task)
       SELECT f.id, t.id FROM f_file f
         JOIN f_outhash o ON o.build = f.build AND o.outhash = f.outhash
         JOIN task t ON t.build = f.build AND t.taskhash = o.taskhash AND t.mc = f.mc AND t.pn = f.pn
            AND t.task = f.task
       WHERE f.build = ? AND f.kind = 'depsig' AND f.outhash IS NOT NULL`);
}
