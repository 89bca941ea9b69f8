/**
 * The workspace's indexed store: facts from every source and the derived task rows, in an
 * in-memory node:sqlite database. It knows nothing about files on disk beyond what loaders hand
 * it (see load-build.ts); every read method answers from indexes.
 */
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import { InspectorError } from '../../../shared/model/errors';
import type { SourceKind } from '../../../shared/model/sources';
import type {
  BuildComparison,
  BuildDiffRow,
  ClassMember,
  ClassPage,
  ClassQuery,
  EquivalenceClass,
  FacetCount,
  ServerStatus,
  SourceUnihash,
  TaskCounts,
  TaskDetail,
  TaskFacets,
  TaskFile,
  TaskOutcome,
  TaskPage,
  TaskQuery,
  TaskRow,
  TaskSortColumn,
} from '../../../shared/model/tasks';
import { TASK_FILTERS, TaskFileSchema } from '../../../shared/model/tasks';
import type { DeriveStats } from './derive-rows';
import { deriveBuildRows, markServerOnlyLatest } from './derive-rows';
import type { HashservIngestResult } from './ingest-hashserv';
import { ingestHashservDb } from './ingest-hashserv';
import type { ProgressFn } from '../../../shared/model/progress';
import { SECONDARY_TASK_INDEXES, STORE_DDL, TASK_PAGE_INDEX_DDL, UNIHASH_RANK } from './store-schema';
import type { NameLists } from './task-query';
import { buildOrderBy, buildWhere, filterCondition, searchHasHashTerm, whereCacheKey } from './task-query';

/** A taskhash -> unihash statement from a source that knows the task (cache file, sigdata...). */
export interface UnihashFact {
  method?: string | null;
  mc: string;
  pn: string;
  /** With `do_`. */
  task: string;
  taskhash: string;
  unihash: string;
}

/** A file that belongs to a task. */
export interface FileFact {
  kind: TaskFile['kind'];
  /** null for sstate objects (shared by every configuration). */
  mc: string | null;
  pn: string;
  /** With `do_`. */
  task: string;
  hash: string | null;
  /** For sigdata: the taskhash inside the file. */
  taskhash?: string | null;
  /** For depsig: sha256 of the text. */
  outhash?: string | null;
  path: string;
  mtimeMs?: number | null;
}

type Row = Record<string, SQLInputValue>;

const ROW_COLUMNS = `t.id, t.key, t.build, t.mc, t.pn, t.task, t.taskhash, t.unihash,
  t.outhash, t.n_outhash, t.created, t.class_size, t.sstate, t.siginfo, t.stamp, t.sigdata, t.depsig,
  t.server_status, t.outcome`;

const str = (v: SQLInputValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
const num = (v: SQLInputValue | undefined): number => Number(v ?? 0);
const uniq = (xs: string[]): string[] => [...new Set(xs)];

/** The index a sort walks (store-schema.ts); task_pn always exists. */
const SORT_INDEX: Record<TaskSortColumn, string> = {
  pn: 'task_pn',
  task: 'task_task',
  mc: 'task_mc',
  taskhash: 'task_th',
  unihash: 'task_uh',
  outhash: 'task_oh',
  build: 'task_build',
  serverStatus: 'task_server',
  outcome: 'task_outcome',
  created: 'task_created',
};

/** The pending step that marks the `latest` rows of a first, server-only build. */
const LATEST_STEP = 'latest';

/** Query fields that are hash prefixes, with the index their range condition walks. */
const HASH_FIELD_INDEX = [
  ['taskhash', 'task_th'],
  ['unihash', 'task_uh'],
  ['outhash', 'task_oh'],
] as const;

/** The in-memory index of one workspace. */
export class TaskIndex {
  private readonly db = new DatabaseSync(':memory:');
  private names: NameLists = { recipes: [], tasks: [] };
  private readonly buildOrds = new Map<string, number>();
  private readonly buildLabels = new Map<string, string>();
  private readonly facetCache = new Map<string, TaskFacets>();
  private readonly countCache = new Map<string, number>();
  /** counts() per build ('' = all), until the next derivation. */
  private readonly taskCounts = new Map<string, TaskCounts>();
  /** Builds given facts by addUnihashFacts/addFiles (the others are server databases only). */
  private readonly localBuilds = new Set<string>();
  private indexed = false;
  private closed = false;
  /**
   * Work left after the rows became queryable, by name, in run order: the secondary task indexes
   * (the rows are queryable without them: SQLite scans) and, for a first build that is only a
   * server database, marking the `latest` rows (LATEST_STEP). buildPendingIndexes runs them in the
   * background; a query that needs one runs it first (ensureIndexes).
   */
  private readonly pendingIndexes = new Map<string, () => void>();
  private indexing: Promise<void> | null = null;

  constructor() {
    // Sorts, GROUP BYs and temp tables stay in RAM (the default would spill them to temp files).
    this.db.exec('PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;');
    this.db.exec(STORE_DDL);
  }

  /** Registers a build; returns its sort position. */
  addBuild(id: string, label: string): number {
    const ord = this.buildOrds.size;
    this.db.prepare('INSERT INTO build (id, label, ord) VALUES (?, ?, ?)').run(id, label, ord);
    this.buildOrds.set(id, ord);
    this.buildLabels.set(id, label);
    return ord;
  }

  /** Registers a source of a build; returns its id. */
  addSource(build: string, kind: SourceKind, path: string): number {
    const r = this.db
      .prepare('INSERT INTO source (build, kind, path) VALUES (?, ?, ?)')
      .run(build, kind, path);
    return Number(r.lastInsertRowid);
  }

  /** Copies a hashserv.db into the facts. */
  ingestHashserv(build: string, src: number, file: string): HashservIngestResult {
    // ATTACH cannot run inside a transaction; the copy makes its own.
    return ingestHashservDb(this.db, file, build, src);
  }

  /** Adds unihash statements of one source. */
  addUnihashFacts(
    build: string,
    src: number,
    kind: keyof typeof UNIHASH_RANK,
    facts: Iterable<UnihashFact>,
  ): void {
    this.localBuilds.add(build);
    const stmt = this.db.prepare(
      `INSERT INTO f_unihash (build, src, kind, rank, method, mc, pn, task, taskhash, unihash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.inTransaction(() => {
      for (const f of facts) {
        stmt.run(
          build,
          src,
          kind,
          UNIHASH_RANK[kind],
          f.method ?? null,
          f.mc,
          f.pn,
          f.task,
          f.taskhash,
          f.unihash,
        );
      }
    });
  }

  /** Adds files of one source. */
  addFiles(build: string, src: number, files: Iterable<FileFact>): void {
    this.localBuilds.add(build);
    const stmt = this.db.prepare(
      `INSERT INTO f_file (build, src, kind, mc, pn, task, hash, taskhash, outhash, path, mtime)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.inTransaction(() => {
      for (const f of files) {
        stmt.run(
          build,
          src,
          f.kind,
          f.mc,
          f.pn,
          f.task,
          f.hash,
          f.taskhash ?? null,
          f.outhash ?? null,
          f.path,
          f.mtimeMs ?? null,
        );
      }
    });
  }

  /**
   * Derives the rows of a build from its facts and refreshes name lists and statistics. The first
   * derivation leaves the task table with its page index (recipe, task) only: the others are
   * pending (buildPendingIndexes). A later derivation first builds whatever is still pending:
   * its joins over the existing rows rely on them.
   */
  deriveBuild(build: string): DeriveStats {
    const ord = this.buildOrds.get(build);
    if (ord === undefined) throw new InspectorError('NOT_FOUND', `Unknown build ${build}`);
    this.ensureIndexes([...this.pendingIndexes.keys()]);
    // The first build, server-only: `latest` waits too (counts() knows its total without it).
    const local = this.localBuilds.has(build);
    const deferLatest = !local && !this.indexed;
    const stats = this.inTransaction(() => {
      this.db.prepare('DELETE FROM task_file WHERE task IN (SELECT id FROM task WHERE build = ?)').run(build);
      return deriveBuildRows(this.db, build, ord, local, deferLatest);
    });
    if (!this.indexed) {
      this.db.exec(TASK_PAGE_INDEX_DDL);
      if (deferLatest) this.pendingIndexes.set(LATEST_STEP, () => markServerOnlyLatest(this.db, build));
      for (const [name, ddl] of SECONDARY_TASK_INDEXES)
        this.pendingIndexes.set(name, () => this.db.exec(ddl));
      this.indexed = true;
    }
    this.analyze();
    this.refreshNames();
    this.facetCache.clear();
    this.countCache.clear();
    this.taskCounts.clear();
    return stats;
  }

  /** Sampled statistics: enough for the planner to pick indexes, seconds cheaper over 1M rows. */
  private analyze(): void {
    this.db.exec('PRAGMA analysis_limit = 1000; ANALYZE');
  }

  /** How many steps (secondary indexes, marking latest rows) are still pending. */
  pendingIndexCount(): number {
    return this.pendingIndexes.size;
  }

  /**
   * Runs the pending steps, one statement per event-loop turn (node:sqlite is synchronous: between
   * two statements, queries waiting in the loop are answered). Resolves when none is left or the
   * index is closed; concurrent calls share one run. Progress: phase 'index', done/total in steps.
   */
  buildPendingIndexes(onProgress?: ProgressFn, startDelayMs = 0): Promise<void> {
    this.indexing ??= (async () => {
      const total = this.pendingIndexes.size;
      try {
        // A step holds the loop for seconds at a million rows: the first page, facets and summary a
        // window asks for right after opening are answered before the first one starts.
        if (startDelayMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, startDelayMs));
        while (!this.closed && this.pendingIndexes.size > 0) {
          onProgress?.({ phase: 'index', done: total - this.pendingIndexes.size, total });
          await new Promise<void>((resolve) => setImmediate(resolve));
          const next = this.pendingIndexes.keys().next();
          if (this.closed || next.done) break;
          try {
            this.ensureIndexes([next.value]);
          } catch {
            // Left pending: the query that needs it builds it again and gets the error.
            break;
          }
        }
        if (!this.closed && total > 0 && this.pendingIndexes.size === 0) {
          this.analyze();
          onProgress?.({ phase: 'index', done: total, total });
        }
      } finally {
        this.indexing = null;
      }
    })();
    return this.indexing;
  }

  /** Runs every pending step now (throws the error of one that fails). */
  buildPendingIndexesNow(): void {
    this.ensureIndexes([...this.pendingIndexes.keys()]);
  }

  /** Runs the named pending steps now (a query about to need them); done ones are skipped. */
  private ensureIndexes(names: Iterable<string>): void {
    if (this.closed) return;
    for (const name of names) {
      // The partial index on latest rows indexes the marks: they come first.
      if (name === 'task_latest') this.ensureIndexes([LATEST_STEP]);
      const step = this.pendingIndexes.get(name);
      if (step === undefined) continue;
      step();
      this.pendingIndexes.delete(name);
    }
  }

  private refreshNames(): void {
    // One walk of the (pn, task) index gives both lists (a few thousand pairs, not a million rows).
    const recipes = new Set<string>();
    const tasks = new Set<string>();
    for (const r of this.db.prepare('SELECT DISTINCT pn, task FROM task INDEXED BY task_pn').all()) {
      if (r.pn !== null) recipes.add(String(r.pn));
      if (r.task !== null) tasks.add(String(r.task));
    }
    const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    this.names = { recipes: [...recipes].sort(binary), tasks: [...tasks].sort(binary) };
  }

  private inTransaction<T>(fn: () => T): T {
    this.db.exec('BEGIN');
    try {
      const r = fn();
      this.db.exec('COMMIT');
      return r;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private where(q: Omit<TaskQuery, 'offset' | 'limit'>, parts?: Parameters<typeof buildWhere>[3]) {
    return buildWhere(q, this.names, (id) => this.buildOrds.get(id), parts);
  }

  /** One page of rows. */
  queryTasks(q: TaskQuery): TaskPage {
    this.ensureIndexes(this.indexesOf(q));
    const w = this.where(q);
    const rows = this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM task t ${w.sql} ${buildOrderBy(q.sort)} LIMIT ? OFFSET ?`)
      .all(...w.params, q.limit, q.offset) as Row[];
    return { rows: rows.map((r) => this.toTaskRow(r)), total: this.count(w.sql, w.params), offset: q.offset };
  }

  /**
   * The indexes a page query walks: its sort's, and the hash indexes for hash prefixes (a hex
   * search term is one; a name search like 'zlib' does not need them). Built before the query when still pending: one index build costs less than
   * sorting a million rows for every page.
   */
  private indexesOf(q: TaskQuery): string[] {
    const names = [SORT_INDEX[q.sort?.column ?? 'pn']];
    const hashSearch = q.search !== undefined && searchHasHashTerm(q.search);
    for (const [field, index] of HASH_FIELD_INDEX) {
      if (hashSearch || q[field] !== undefined) names.push(index);
    }
    return names;
  }

  /**
   * Rows matching a WHERE clause. Cached until the rows change: paging through a filtered view
   * repeats the same count, and over a million rows a count costs more than the page itself.
   */
  private count(sql: string, params: SQLInputValue[]): number {
    const key = JSON.stringify([sql, params]);
    const hit = this.countCache.get(key);
    if (hit !== undefined) return hit;
    const n = num((this.db.prepare(`SELECT count(*) AS n FROM task ${sql}`).get(...params) as Row).n);
    if (this.countCache.size > 500) this.countCache.clear();
    this.countCache.set(key, n);
    return n;
  }

  private sourceUnihashes(build: string, mc: string, taskhash: string | null): SourceUnihash[] {
    if (taskhash === null) return [];
    const rows = this.db
      .prepare(
        `SELECT u.kind, s.kind AS skind, s.path, u.unihash FROM f_unihash u INDEXED BY f_unihash_th JOIN source s ON s.id = u.src
         WHERE u.build = ? AND u.taskhash = ? AND (u.mc IS NULL OR u.mc = ?) ORDER BY u.rank, u.rowid`,
      )
      .all(build, taskhash, mc) as Row[];
    // One opinion per source file (a sigdata dir may hold several files saying the same).
    const seen = new Set<string>();
    const out: SourceUnihash[] = [];
    for (const r of rows) {
      const k = `${String(r.path)}\0${String(r.unihash)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ kind: String(r.skind) as SourceKind, path: String(r.path), unihash: String(r.unihash) });
    }
    return out;
  }

  private toTaskRow(r: Row): TaskRow {
    const build = String(r.build);
    const mc = String(r.mc);
    const taskhash = str(r.taskhash);
    const pn = str(r.pn);
    const task = str(r.task);
    const outhashes =
      taskhash === null
        ? []
        : uniq(
            (
              this.db
                .prepare(
                  'SELECT outhash FROM f_outhash INDEXED BY f_outhash_th WHERE build = ? AND taskhash = ? ORDER BY created, rowid',
                )
                .all(build, taskhash) as Row[]
            ).map((o) => String(o.outhash)),
          );
    return {
      key: String(r.key),
      tid: `${mc}:${pn ?? ''}:${task ?? ''}`,
      build,
      buildLabel: this.buildLabels.get(build) ?? build,
      mc,
      pn,
      task,
      taskhash,
      unihashes: this.sourceUnihashes(build, mc, taskhash),
      unihash: str(r.unihash),
      outhashes,
      created: str(r.created),
      classSize: num(r.class_size),
      sstate: num(r.sstate) === 1,
      siginfo: num(r.siginfo) === 1,
      stamp: num(r.stamp) === 1,
      sigdata: num(r.sigdata) === 1,
      depsig: num(r.depsig) === 1,
      serverStatus: str(r.server_status) as ServerStatus | null,
      outcome: str(r.outcome) as TaskOutcome | null,
    };
  }

  /** Counts for the filter sidebar (cached per query until the rows change). */
  facets(q: Omit<TaskQuery, 'offset' | 'limit' | 'sort'>): TaskFacets {
    const cacheKey = whereCacheKey(q);
    const cached = this.facetCache.get(cacheKey);
    if (cached) return cached;
    const group = (col: string, parts: Parameters<typeof buildWhere>[3], label?: (v: string) => string) => {
      const w = this.where(q, parts);
      const rows = this.db
        .prepare(
          `SELECT ${col} AS v, count(*) AS n FROM task ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${col} IS NOT NULL
           GROUP BY ${col} ORDER BY n DESC, v`,
        )
        .all(...w.params) as Row[];
      return rows.map((r): FacetCount => ({
        value: label ? label(String(r.v)) : String(r.v),
        count: num(r.n),
      }));
    };
    const ordToId = new Map([...this.buildOrds].map(([id, ord]) => [String(ord), id]));
    const base = this.where(q);
    const total = this.count(base.sql, base.params);
    const filters = {} as TaskFacets['filters'];
    for (const f of TASK_FILTERS) {
      const w = this.where({ ...q, filters: [...(q.filters ?? []), f] });
      filters[f] = this.count(w.sql, w.params);
    }
    const facets: TaskFacets = {
      total,
      recipes: group('pn', { recipe: false }),
      tasks: group('task', { task: false }),
      mcs: group('mc', { mc: false }),
      builds: group('build_ord', { build: false }, (v) => ordToId.get(v) ?? v),
      filters,
    };
    if (this.facetCache.size > 50) this.facetCache.clear();
    this.facetCache.set(cacheKey, facets);
    return facets;
  }

  /** Equivalence classes: every unihash with its taskhashes, biggest classes first. */
  classes(q: ClassQuery): ClassPage {
    // Fast path (no search, one build): the class table written at derivation holds each class
    // with its size, so the page is a walk of its (build, size, unihash) index, never a GROUP BY.
    const buildOrd =
      q.build !== undefined ? this.buildOrds.get(q.build) : this.buildOrds.size === 1 ? 0 : undefined;
    if (!q.search && buildOrd !== undefined) {
      const min = Math.max(q.minMembers ?? 1, 1);
      const total = this.classCount(buildOrd, min);
      const page = this.db
        .prepare(
          `SELECT unihash FROM task_class INDEXED BY task_class_size
           WHERE build_ord = ? AND n >= ? ORDER BY n DESC, unihash LIMIT ? OFFSET ?`,
        )
        .all(buildOrd, min, q.limit, q.offset) as Row[];
      return { rows: page.map((r) => this.equivalenceClass(String(r.unihash), q.build)), total };
    }
    this.ensureIndexes(['task_uh']);
    const conds: string[] = ['unihash IS NOT NULL', 'taskhash IS NOT NULL'];
    const params: SQLInputValue[] = [];
    if (q.build !== undefined) {
      conds.push('build_ord = ?');
      params.push(this.buildOrds.get(q.build) ?? -1);
    }
    if (q.search) {
      const w = this.where({ search: q.search });
      // A class matches when any of its members matches.
      conds.push(`unihash IN (SELECT unihash FROM task ${w.sql})`);
      params.push(...w.params);
    }
    const having = q.minMembers !== undefined ? 'HAVING count(DISTINCT taskhash) >= ?' : '';
    const havingParams = q.minMembers !== undefined ? [q.minMembers] : [];
    const grouped = `SELECT unihash, count(DISTINCT taskhash) AS n FROM task WHERE ${conds.join(' AND ')}
                     GROUP BY unihash ${having}`;
    const total = num(
      (this.db.prepare(`SELECT count(*) AS n FROM (${grouped})`).get(...params, ...havingParams) as Row).n,
    );
    const page = this.db
      .prepare(`${grouped} ORDER BY n DESC, unihash LIMIT ? OFFSET ?`)
      .all(...params, ...havingParams, q.limit, q.offset) as Row[];
    return { rows: page.map((r) => this.equivalenceClass(String(r.unihash), q.build)), total };
  }

  /** Classes of a build with at least `min` taskhashes (cached like row counts). */
  private classCount(buildOrd: number, min: number): number {
    const key = JSON.stringify(['class', buildOrd, min]);
    const hit = this.countCache.get(key);
    if (hit !== undefined) return hit;
    const n = num(
      (
        this.db
          .prepare('SELECT count(*) AS n FROM task_class WHERE build_ord = ? AND n >= ?')
          .get(buildOrd, min) as Row
      ).n,
    );
    this.countCache.set(key, n);
    return n;
  }

  /** One class in full. */
  equivalenceClass(unihash: string, build?: string): EquivalenceClass {
    this.ensureIndexes(['task_uh']);
    const params: SQLInputValue[] = [unihash];
    let buildCond = '';
    if (build !== undefined) {
      buildCond = 'AND t.build_ord = ?';
      params.push(this.buildOrds.get(build) ?? -1);
    }
    const rows = this.db
      .prepare(
        `SELECT t.taskhash, min(t.method) AS method, min(t.outhash) AS outhash, min(t.pn) AS pn,
                min(t.task) AS task, min(t.created) AS created
         FROM task t WHERE t.unihash = ? AND t.taskhash IS NOT NULL ${buildCond}
         GROUP BY t.taskhash ORDER BY t.taskhash = t.unihash DESC, created, t.taskhash`,
      )
      .all(...params) as Row[];
    const members = rows.map((r): ClassMember => ({
      taskhash: String(r.taskhash),
      outhash: str(r.outhash),
      pn: str(r.pn),
      task: str(r.task),
      created: str(r.created),
      canonical: String(r.taskhash) === unihash,
    }));
    const method = rows.map((r) => str(r.method)).find((m) => m !== null) ?? '';
    return { unihash, method, members };
  }

  /** Everything about one row; NOT_FOUND when the key is unknown. */
  task(key: string): TaskDetail {
    this.ensureIndexes(['task_key']);
    const r = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM task t WHERE t.key = ?`).get(key) as
      Row | undefined;
    if (!r) throw new InspectorError('NOT_FOUND', `No task with key ${key} in this workspace.`);
    const row = this.toTaskRow(r);
    const files = (
      this.db
        .prepare(
          `SELECT f.kind, f.path, f.hash, f.mtime FROM task_file tf JOIN f_file f ON f.id = tf.file
           WHERE tf.task = ? ORDER BY f.kind, f.path`,
        )
        .all(r.id as number) as Row[]
    ).map((f) =>
      TaskFileSchema.parse({
        kind: String(f.kind),
        path: String(f.path),
        hash: str(f.hash),
        mtimeMs: f.mtime ?? null,
      }),
    );
    const reports =
      row.taskhash === null
        ? []
        : (
            this.db
              .prepare(
                `SELECT o.method, o.outhash, o.created, o.owner, o.pv, o.pr, o.has_siginfo, s.path
                 FROM f_outhash o INDEXED BY f_outhash_th JOIN source s ON s.id = o.src WHERE o.build = ? AND o.taskhash = ?
                 ORDER BY o.created, o.rowid`,
              )
              .all(row.build, row.taskhash) as Row[]
          ).map((o) => ({
            method: String(o.method),
            outhash: String(o.outhash),
            created: str(o.created),
            owner: str(o.owner),
            pv: str(o.pv),
            pr: str(o.pr),
            hasSiginfo: num(o.has_siginfo) === 1,
            source: String(o.path),
          }));
    const siblings =
      row.pn === null || row.task === null
        ? []
        : (
            this.db
              .prepare(
                `SELECT key, taskhash, unihash FROM task WHERE build = ? AND mc = ? AND pn = ? AND task = ? AND key <> ?
                 ORDER BY created, id`,
              )
              .all(row.build, row.mc, row.pn, row.task, key) as Row[]
          ).map((s) => ({ key: String(s.key), taskhash: str(s.taskhash), unihash: str(s.unihash) }));
    return {
      row,
      files,
      reports,
      equivalence: row.unihash ? this.equivalenceClass(row.unihash, row.build) : null,
      siblings,
    };
  }

  /** The current row of each task of build a vs build b, where taskhash or unihash differ. */
  compareBuilds(a: string, b: string): BuildComparison {
    for (const id of [a, b]) {
      if (!this.buildOrds.has(id)) throw new InspectorError('NOT_FOUND', `Unknown build ${id}.`);
    }
    this.ensureIndexes([LATEST_STEP, 'task_latest']);
    const rows = this.db
      .prepare(
        `WITH A AS (SELECT key, mc, pn, task, taskhash, unihash FROM task WHERE build = ?1 AND latest = 1),
              B AS (SELECT key, mc, pn, task, taskhash, unihash FROM task WHERE build = ?2 AND latest = 1)
         SELECT A.mc AS mc, A.pn AS pn, A.task AS task, A.key AS ak, A.taskhash AS at, A.unihash AS au,
                B.key AS bk, B.taskhash AS bt, B.unihash AS bu
           FROM A LEFT JOIN B ON B.mc = A.mc AND B.pn = A.pn AND B.task = A.task
         UNION ALL
         SELECT B.mc, B.pn, B.task, NULL, NULL, NULL, B.key, B.taskhash, B.unihash
           FROM B WHERE NOT EXISTS (SELECT 1 FROM A WHERE A.mc = B.mc AND A.pn = B.pn AND A.task = B.task)
         ORDER BY 2, 3, 1`,
      )
      .all(a, b) as Row[];
    let same = 0;
    const diffs: BuildDiffRow[] = [];
    for (const r of rows) {
      const side = (k: string, t: string, u: string) =>
        r[k] === null ? null : { key: String(r[k]), taskhash: str(r[t]), unihash: str(r[u]) };
      const sa = side('ak', 'at', 'au');
      const sb = side('bk', 'bt', 'bu');
      let kind: BuildDiffRow['kind'];
      if (!sa) kind = 'only-b';
      else if (!sb) kind = 'only-a';
      else if (sa.taskhash !== sb.taskhash) kind = 'taskhash';
      else if (sa.unihash !== sb.unihash) kind = 'unihash';
      else {
        same++;
        continue;
      }
      const mc = String(r.mc);
      const pn = String(r.pn);
      const task = String(r.task);
      diffs.push({ tid: `${mc}:${pn}:${task}`, mc, pn, task, kind, a: sa, b: sb });
    }
    return { a, b, same, rows: diffs };
  }

  /** Sets the server column of rows by key (null clears it); unknown keys are ignored. Returns rows changed. */
  setServerStatus(byKey: Record<string, ServerStatus | null>): number {
    return this.setColumn('server_status', byKey);
  }

  /** Sets the outcome column of rows by key (null clears it). Returns rows changed. */
  setOutcomes(byKey: Record<string, TaskOutcome | null>): number {
    return this.setColumn('outcome', byKey);
  }

  private setColumn(col: 'server_status' | 'outcome', byKey: Record<string, string | null>): number {
    this.ensureIndexes(['task_key']);
    const stmt = this.db.prepare(`UPDATE task SET ${col} = ? WHERE key = ?`);
    let n = 0;
    this.inTransaction(() => {
      for (const [key, v] of Object.entries(byKey)) n += Number(stmt.run(v, key).changes);
    });
    this.facetCache.clear();
    this.countCache.clear();
    return n;
  }

  /**
   * Every row's identity, in key order, for the server-sync and event-log engineers: they look up
   * taskhashes / (mc, pn, task) and then call setServerStatus / setOutcomes with the keys.
   */
  *rowIdentities(build?: string): Generator<{
    key: string;
    build: string;
    mc: string;
    pn: string | null;
    task: string | null;
    taskhash: string | null;
    unihash: string | null;
    method: string | null;
    latest: boolean;
  }> {
    this.ensureIndexes([LATEST_STEP]);
    const stmt = this.db.prepare(
      `SELECT key, build, mc, pn, task, taskhash, unihash, method, latest FROM task
       ${build !== undefined ? 'WHERE build = ?' : ''} ORDER BY id`,
    );
    for (const r of stmt.iterate(...(build !== undefined ? [build] : [])) as Iterable<Row>) {
      yield {
        key: String(r.key),
        build: String(r.build),
        mc: String(r.mc),
        pn: str(r.pn),
        task: str(r.task),
        taskhash: str(r.taskhash),
        unihash: str(r.unihash),
        method: str(r.method),
        latest: num(r.latest) === 1,
      };
    }
  }

  /** Counts over a build's rows (or all rows). */
  counts(build?: string): TaskCounts {
    // Every figure comes from the derived rows (none from the server or outcome columns), so they
    // hold until the next derivation: summary() is asked often and each count scans the rows.
    const key = build ?? '';
    const cached = this.taskCounts.get(key);
    if (cached) return { ...cached };
    const counts = this.countRows(build);
    this.taskCounts.set(key, counts);
    return { ...counts };
  }

  private countRows(build?: string): TaskCounts {
    // With one build (or one asked for), distinct tasks are its `latest` rows and unihashes and
    // classes come from the class table: no DISTINCT over a million hashes.
    const ord = build !== undefined ? this.buildOrds.get(build) : this.buildOrds.size === 1 ? 0 : undefined;
    const cond = build !== undefined ? 'WHERE build = ?' : '';
    const p: SQLInputValue[] = build !== undefined ? [build] : [];
    if (ord !== undefined) {
      // With a single build, distinct recipes are a skip-scan of the (pn, task) index (milliseconds)
      // instead of a DISTINCT over every row (half of this query over a million rows).
      const recipes =
        this.buildOrds.size === 1 ? '(SELECT count(DISTINCT pn) FROM task)' : 'count(DISTINCT pn)';
      // Until the latest rows are marked (a first, server-only build: one build, mc always ''),
      // the tasks they will mark are the distinct (PN, task) pairs: a walk of the same index.
      const tasks = this.pendingIndexes.has(LATEST_STEP)
        ? '(SELECT count(*) FROM (SELECT DISTINCT pn, task FROM task WHERE pn IS NOT NULL AND task IS NOT NULL))'
        : 'sum(latest)';
      const r = this.db
        .prepare(
          `SELECT count(*) AS rows, ${recipes} AS recipes, ${tasks} AS tasks,
             sum(${filterCondition('equivalent')}) AS equivalent, sum(${filterCondition('disagree')}) AS disagree,
             sum(sstate) AS with_sstate FROM task ${cond}`,
        )
        .get(...p) as Row;
      const c = this.db
        .prepare(
          `SELECT count(*) AS unihashes, coalesce(sum(n > 1), 0) AS classes FROM task_class WHERE build_ord = ?`,
        )
        .get(ord) as Row;
      return {
        rows: num(r.rows),
        recipes: num(r.recipes),
        tasks: num(r.tasks),
        unihashes: num(c.unihashes),
        equivalent: num(r.equivalent),
        disagree: num(r.disagree),
        withSstate: num(r.with_sstate),
        classes: num(c.classes),
      };
    }
    const r = this.db
      .prepare(
        `SELECT count(*) AS rows, count(DISTINCT pn) AS recipes, count(DISTINCT mc || ':' || pn || ':' || task) AS tasks,
           count(DISTINCT unihash) AS unihashes,
           sum(${filterCondition('equivalent')}) AS equivalent, sum(${filterCondition('disagree')}) AS disagree,
           sum(sstate) AS with_sstate FROM task ${cond}`,
      )
      .get(...p) as Row;
    const classes = this.db
      .prepare(
        `SELECT count(*) AS n FROM (SELECT unihash FROM task ${cond ? `${cond} AND` : 'WHERE'} unihash IS NOT NULL
         AND taskhash IS NOT NULL GROUP BY unihash HAVING count(DISTINCT taskhash) > 1)`,
      )
      .get(...p) as Row;
    return {
      rows: num(r.rows),
      recipes: num(r.recipes),
      tasks: num(r.tasks),
      unihashes: num(r.unihashes),
      equivalent: num(r.equivalent),
      disagree: num(r.disagree),
      withSstate: num(r.with_sstate),
      classes: num(classes.n),
    };
  }

  /** Frees the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
