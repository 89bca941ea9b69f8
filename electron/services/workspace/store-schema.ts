/**
 * DDL of the workspace's in-memory index (node:sqlite ':memory:').
 *
 * Two layers: *facts* as the sources state them (one table per kind of statement), and the derived
 * `task` table the UI pages over (one row per build + mc + PN + task + taskhash), rebuilt from the
 * facts whenever a build is added. Indexes cover every column a page can be sorted or filtered by,
 * so a page over a million rows is an index walk, never a scan.
 */

/** The statements that create an empty index. */
export const STORE_DDL = `
CREATE TABLE build (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  ord INTEGER NOT NULL
);

CREATE TABLE source (
  id INTEGER PRIMARY KEY,
  build TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL
);

-- Statements "taskhash T maps to unihash U" (hashserv.db, bb_unihashes.dat, persist_data, sigdata).
-- mc/pn/task are NULL when the source does not know them (hashserv.db).
CREATE TABLE f_unihash (
  build TEXT NOT NULL,
  src INTEGER NOT NULL,
  kind TEXT NOT NULL,
  rank INTEGER NOT NULL,          -- precedence when choosing the row's unihash (lower wins)
  method TEXT,
  mc TEXT,
  pn TEXT,
  task TEXT,
  taskhash TEXT NOT NULL,
  unihash TEXT NOT NULL
);

-- Outhash reports (hashserv.db outhashes_v2 / tasks_v*).
CREATE TABLE f_outhash (
  build TEXT NOT NULL,
  src INTEGER NOT NULL,
  method TEXT NOT NULL,
  taskhash TEXT NOT NULL,
  outhash TEXT NOT NULL,
  created TEXT,
  owner TEXT,
  pn TEXT,
  pv TEXT,
  pr TEXT,
  task TEXT,                      -- with do_ (normalized on ingestion)
  has_siginfo INTEGER NOT NULL
);

-- Files that belong to tasks: stamps, sigdata, depsig, sstate archives and siginfo.
CREATE TABLE f_file (
  id INTEGER PRIMARY KEY,
  build TEXT NOT NULL,
  src INTEGER NOT NULL,
  kind TEXT NOT NULL,             -- TaskFile kind
  mc TEXT,                        -- NULL for sstate objects (shared by every configuration)
  pn TEXT NOT NULL,
  task TEXT NOT NULL,             -- with do_
  hash TEXT,                      -- the hash in the name (unihash or taskhash), NULL for depsig/taint
  taskhash TEXT,                  -- known for sigdata (from its content)
  outhash TEXT,                   -- known for depsig (sha256 of its text)
  path TEXT NOT NULL,
  mtime REAL
);
CREATE INDEX f_file_match ON f_file (build, pn, task, hash);

-- Which files belong to which rows (an sstate object belongs to every row with its unihash).
CREATE TABLE task_file (
  file INTEGER NOT NULL,
  task INTEGER NOT NULL,
  PRIMARY KEY (task, file)
) WITHOUT ROWID;

-- The derived rows.
CREATE TABLE task (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,              -- unique: TASK_KEY_INDEX_DDL (built after the bulk insert)
  build TEXT NOT NULL,
  build_ord INTEGER NOT NULL,
  mc TEXT NOT NULL,
  pn TEXT,
  task TEXT,
  taskhash TEXT,
  unihash TEXT,
  n_unihash INTEGER NOT NULL DEFAULT 0,   -- distinct unihash values among the sources
  outhash TEXT,                            -- first outhash (by created)
  n_outhash INTEGER NOT NULL DEFAULT 0,
  created TEXT,
  method TEXT,
  class_size INTEGER NOT NULL DEFAULT 0,
  sstate INTEGER NOT NULL DEFAULT 0,
  siginfo INTEGER NOT NULL DEFAULT 0,
  stamp INTEGER NOT NULL DEFAULT 0,
  sigdata INTEGER NOT NULL DEFAULT 0,
  depsig INTEGER NOT NULL DEFAULT 0,
  latest INTEGER NOT NULL DEFAULT 0,       -- the current row of its (build, mc, pn, task)
  server_status TEXT,
  outcome TEXT
);

-- Equivalence classes per build, kept at derivation: every unihash of the build's rows with its
-- number of distinct taskhashes, so the classes page and the counts never GROUP BY a million rows.
CREATE TABLE task_class (
  build_ord INTEGER NOT NULL,
  unihash TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (build_ord, unihash)
) WITHOUT ROWID;
CREATE INDEX task_class_size ON task_class (build_ord, n DESC, unihash);
`;

/**
 * Indexes on the facts, created before the first derivation. Only the taskhash lookups are
 * needed by every build; each index over a million 64-digit hashes costs seconds to build.
 */
export const FACT_INDEX_DDL = `
CREATE INDEX IF NOT EXISTS f_unihash_th ON f_unihash (build, taskhash);
CREATE INDEX IF NOT EXISTS f_outhash_th ON f_outhash (build, taskhash);
`;

/** The outhash lookup, needed only to attach depsig files (created when a build has some). */
export const OUTHASH_INDEX_DDL = `CREATE INDEX IF NOT EXISTS f_outhash_oh ON f_outhash (build, outhash);`;

/**
 * The unique index on the row key (task detail, setServerStatus / setOutcomes). Not a constraint of
 * the table: a million keys inserted in taskhash order would be a million random inserts into the
 * constraint's index, where one sorted build afterwards costs half. Derivations that rely on the
 * key being unique (INSERT OR IGNORE of file-only rows) create it first.
 */
export const TASK_KEY_INDEX_DDL = 'CREATE UNIQUE INDEX IF NOT EXISTS task_key ON task (key)';

/** The index of the default order (recipe, task, id): the one index a first page needs. */
export const TASK_PAGE_INDEX_DDL = 'CREATE INDEX IF NOT EXISTS task_pn ON task (pn, task)';

/**
 * The other indexes on the task table, by name, in the order they are built after the rows are
 * queryable (TaskIndex builds them one per event-loop turn, or at once when a query needs one):
 * key and hash lookups first (task detail, classes, hash search), then sorts and filters.
 */
export const SECONDARY_TASK_INDEXES: ReadonlyArray<readonly [name: string, ddl: string]> = [
  ['task_key', TASK_KEY_INDEX_DDL],
  ['task_uh', 'CREATE INDEX IF NOT EXISTS task_uh ON task (unihash)'],
  ['task_th', 'CREATE INDEX IF NOT EXISTS task_th ON task (taskhash)'],
  ['task_oh', 'CREATE INDEX IF NOT EXISTS task_oh ON task (outhash)'],
  ['task_task', 'CREATE INDEX IF NOT EXISTS task_task ON task (task)'],
  // The 'equivalent' filter in the default (recipe, task) order is a walk of this partial index.
  ['task_equiv', 'CREATE INDEX IF NOT EXISTS task_equiv ON task (pn, task) WHERE unihash <> taskhash'],
  ['task_latest', 'CREATE INDEX IF NOT EXISTS task_latest ON task (build, mc, pn, task) WHERE latest = 1'],
  ['task_disagree', 'CREATE INDEX IF NOT EXISTS task_disagree ON task (id) WHERE n_unihash > 1'],
  ['task_nosstate', 'CREATE INDEX IF NOT EXISTS task_nosstate ON task (id) WHERE sstate = 0'],
  ['task_hassstate', 'CREATE INDEX IF NOT EXISTS task_hassstate ON task (id) WHERE sstate = 1'],
  ['task_noouthash', 'CREATE INDEX IF NOT EXISTS task_noouthash ON task (id) WHERE n_outhash = 0'],
  ['task_multiouthash', 'CREATE INDEX IF NOT EXISTS task_multiouthash ON task (id) WHERE n_outhash > 1'],
  ['task_shared', 'CREATE INDEX IF NOT EXISTS task_shared ON task (id) WHERE class_size > 1'],
  ['task_created', 'CREATE INDEX IF NOT EXISTS task_created ON task (created)'],
  ['task_mc', 'CREATE INDEX IF NOT EXISTS task_mc ON task (mc)'],
  ['task_build', 'CREATE INDEX IF NOT EXISTS task_build ON task (build_ord)'],
  ['task_server', 'CREATE INDEX IF NOT EXISTS task_server ON task (server_status)'],
  ['task_outcome', 'CREATE INDEX IF NOT EXISTS task_outcome ON task (outcome)'],
];

/** Precedence of unihash sources: the build's own cache wins, then the server db, then the rest. */
export const UNIHASH_RANK = {
  'unihash-cache': 1,
  'hashserv-db': 2,
  'persist-data': 3,
  'stamps-dir': 4,
  'sig-file': 5,
} as const;
