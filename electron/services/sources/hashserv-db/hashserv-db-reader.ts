/**
 * Read-only reader of a hashserv sqlite database (`cache/hashserv.db` of `BB_HASHSERVE = "auto"`,
 * or a standalone `bitbake-hashserv --database`), for every schema of spec local-caches.md §C.
 *
 * Rows are streamed in id order in short batches (one short read transaction each), so a
 * 1,000,000-row database never sits in memory and a running BitBake is never held up by a long
 * read snapshot. Rows inserted while we iterate may or may not be seen; rows are never repeated.
 */
import type {
  HashservSchema,
  HashservSummary,
  HashservUser,
  OuthashRow,
  UnihashRow,
} from '../../../../shared/model/sources';
import { InspectorError } from '../../../../shared/model/errors';
import { throwIfCancelled } from '../../jobs/cancel';
import {
  listColumns,
  listTables,
  openSqliteReadonly,
  quoteIdent,
  sqliteErrorToInspector,
  type ReadonlyDb,
  type ReadonlyOpenPlan,
} from '../sqlite-readonly/open-readonly';
import { detectHashservSchema, layoutOf, type HashservLayout } from './hashserv-schema';

/** Options of the row iterators. */
export interface IterateOptions {
  /** Only rows of this method (exact match). */
  method?: string;
  /** Rows per read transaction (default 2000). */
  batchSize?: number;
  signal?: AbortSignal;
}

type Row = Record<string, unknown>;

/** An open hashserv.db. Call `close()` when done (iterators keep working until then). */
export interface HashservDb {
  readonly file: string;
  readonly plan: ReadonlyOpenPlan;
  readonly schema: HashservSchema;
  /** Older schemas whose tables are still present (e.g. tasks_v1 beside v3). */
  readonly otherSchemas: HashservSchema[];
  readonly tables: string[];
  readonly release: string;
  /** taskhash -> unihash mappings in id order (for tasks_v*: the first row of each taskhash). */
  iterateUnihashes(options?: IterateOptions): Generator<UnihashRow>;
  /** Outhash reports in id order (for tasks_v*: every row, with its unihash). */
  iterateOuthashes(options?: IterateOptions): Generator<OuthashRow>;
  /** Counts, methods, users, config. */
  summary(): HashservSummary;
  /**
   * Only the counts of summary(): what discovery shows per source. Listing the methods means a
   * UNION over both tables, seconds on a million-row database, and nobody probing needs it.
   */
  counts(): Pick<HashservSummary, 'unihashRows' | 'outhashRows' | 'distinctUnihashes'>;
  /** Rows of `users` (v3); [] when the table does not exist. */
  users(): HashservUser[];
  /** Rows of `config` (v3) as name -> value; {} when the table does not exist. */
  config(): Record<string, string | null>;
  close(): void;
}

/** Opens a hashserv database read-only and detects its schema. Throws InspectorError. */
export function openHashservDb(file: string, options: { schema?: HashservSchema } = {}): HashservDb {
  const rdb = openSqliteReadonly(file);
  try {
    const tables = listTables(rdb);
    const detected = detectHashservSchema(tables);
    if (!detected) {
      throw new InspectorError(
        'BAD_FORMAT',
        `Not a hashserv database: none of the tables unihashes_v3/unihashes_v2+outhashes_v2, tasks_v2, tasks_v1 (found: ${tables.join(', ') || 'no tables'}).`,
        { file },
      );
    }
    const schema = options.schema ?? detected.schema;
    if (schema !== detected.schema && !detected.otherSchemas.includes(schema)) {
      throw new InspectorError('NOT_FOUND', `The database has no ${schema} tables.`, { file });
    }
    const otherSchemas = [detected.schema, ...detected.otherSchemas].filter((s) => s !== schema);
    return new HashservDbImpl(rdb, layoutOf(schema), tables, otherSchemas);
  } catch (err) {
    rdb.close();
    throw sqliteErrorToInspector(err, file);
  }
}

/** Text column value: strings as is, blobs decoded as UTF-8, numbers stringified, NULL as null. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return String(v);
}

class HashservDbImpl implements HashservDb {
  readonly file: string;
  readonly plan: ReadonlyOpenPlan;
  readonly schema: HashservSchema;
  readonly release: string;
  private readonly uniCols: Set<string>;
  private readonly outCols: Set<string>;

  constructor(
    private readonly rdb: ReadonlyDb,
    private readonly layout: HashservLayout,
    readonly tables: string[],
    readonly otherSchemas: HashservSchema[],
  ) {
    this.file = rdb.file;
    this.plan = rdb.plan;
    this.schema = layout.schema;
    this.release = layout.release;
    this.uniCols = listColumns(rdb, layout.unihashTable);
    this.outCols = listColumns(rdb, layout.outhashTable);
    this.require(layout.unihashTable, this.uniCols, ['method', 'taskhash', 'unihash']);
    this.require(layout.outhashTable, this.outCols, ['method', 'taskhash', 'outhash']);
  }

  private require(table: string, cols: Set<string>, names: string[]): void {
    const missing = names.filter((n) => !cols.has(n));
    if (missing.length > 0) {
      throw new InspectorError('BAD_FORMAT', `Table ${table} lacks column(s) ${missing.join(', ')}.`, {
        file: this.file,
        entry: table,
      });
    }
  }

  /** `col` if the table has it, else NULL AS col: old schemas lack some optional columns. */
  private col(cols: Set<string>, name: string, alias = name): string {
    return cols.has(name.toLowerCase()) ? `${quoteIdent(name)} AS ${alias}` : `NULL AS ${alias}`;
  }

  private idExpr(cols: Set<string>): string {
    return cols.has('id') ? 'id' : 'rowid';
  }

  /** Keyset pagination on the integer primary key: each batch is its own short statement. */
  private *paginate(table: string, columns: string, idCol: string, options: IterateOptions): Generator<Row> {
    const batch = Math.max(1, options.batchSize ?? 2000);
    const filter = options.method !== undefined ? ' AND method = ?' : '';
    const sql = `SELECT ${idCol} AS id, ${columns} FROM ${quoteIdent(table)} WHERE ${idCol} > ?${filter} ORDER BY ${idCol} LIMIT ${batch}`;
    let stmt;
    try {
      stmt = this.rdb.db.prepare(sql);
    } catch (err) {
      throw sqliteErrorToInspector(err, this.file, table);
    }
    let last = -Infinity;
    for (;;) {
      throwIfCancelled(options.signal, `Reading ${table}`);
      let rows: Row[];
      try {
        rows = (options.method !== undefined ? stmt.all(last, options.method) : stmt.all(last)) as Row[];
      } catch (err) {
        throw sqliteErrorToInspector(err, this.file, table);
      }
      for (const r of rows) yield r;
      if (rows.length < batch) return;
      last = Number(rows[rows.length - 1]?.id);
    }
  }

  *iterateUnihashes(options: IterateOptions = {}): Generator<UnihashRow> {
    const { layout, uniCols } = this;
    if (layout.singleTable) {
      yield* this.iterateTasksUnihashes(options);
      return;
    }
    const hasGc = uniCols.has('gc_mark');
    const columns = `method, taskhash, unihash${hasGc ? ', gc_mark' : ''}`;
    for (const r of this.paginate(layout.unihashTable, columns, this.idExpr(uniCols), options)) {
      const row: UnihashRow = {
        id: Number(r.id),
        method: text(r.method) ?? '',
        taskhash: text(r.taskhash) ?? '',
        unihash: text(r.unihash) ?? '',
      };
      if (hasGc) row.gcMark = text(r.gc_mark) ?? '';
      yield row;
    }
  }

  /**
   * tasks_v1/v2 keep one row per report; the unihash of a taskhash is that of its first report
   * (the server answered later reports with it). SQLite returns the bare columns of the MIN row.
   */
  private *iterateTasksUnihashes(options: IterateOptions): Generator<UnihashRow> {
    const table = quoteIdent(this.layout.unihashTable);
    const id = this.idExpr(this.uniCols);
    const where = options.method !== undefined ? 'WHERE method = ?' : '';
    const sql = `SELECT MIN(${id}) AS id, method, taskhash, unihash FROM ${table} ${where} GROUP BY method, taskhash ORDER BY id`;
    let it: Iterator<unknown>;
    try {
      const stmt = this.rdb.db.prepare(sql);
      it = options.method !== undefined ? stmt.iterate(options.method) : stmt.iterate();
    } catch (err) {
      throw sqliteErrorToInspector(err, this.file, this.layout.unihashTable);
    }
    let n = 0;
    for (;;) {
      if ((n++ & 1023) === 0) throwIfCancelled(options.signal, `Reading ${this.layout.unihashTable}`);
      let next: IteratorResult<unknown>;
      try {
        next = it.next();
      } catch (err) {
        throw sqliteErrorToInspector(err, this.file, this.layout.unihashTable);
      }
      if (next.done) return;
      const r = next.value as Row;
      yield {
        id: Number(r.id),
        method: text(r.method) ?? '',
        taskhash: text(r.taskhash) ?? '',
        unihash: text(r.unihash) ?? '',
      };
    }
  }

  *iterateOuthashes(options: IterateOptions = {}): Generator<OuthashRow> {
    const { layout, outCols } = this;
    const c = (name: string, alias = name.toLowerCase()): string => this.col(outCols, name, alias);
    const columns = [
      'method',
      'taskhash',
      'outhash',
      c('created'),
      c('owner'),
      c('PN', 'pn'),
      c('PV', 'pv'),
      c('PR', 'pr'),
      c('task'),
      c('outhash_siginfo'),
      ...(layout.singleTable ? ['unihash'] : []),
    ].join(', ');
    for (const r of this.paginate(layout.outhashTable, columns, this.idExpr(outCols), options)) {
      const row: OuthashRow = {
        id: Number(r.id),
        method: text(r.method) ?? '',
        taskhash: text(r.taskhash) ?? '',
        outhash: text(r.outhash) ?? '',
        created: text(r.created),
        owner: text(r.owner),
        pn: text(r.pn),
        pv: text(r.pv),
        pr: text(r.pr),
        task: text(r.task),
        outhashSiginfo: text(r.outhash_siginfo),
      };
      if (layout.singleTable) row.unihash = text(r.unihash) ?? '';
      yield row;
    }
  }

  private query(sql: string, table: string): Row[] {
    try {
      return this.rdb.db.prepare(sql).all() as Row[];
    } catch (err) {
      throw sqliteErrorToInspector(err, this.file, table);
    }
  }

  private hasTable(name: string): boolean {
    return this.tables.some((t) => t.toLowerCase() === name);
  }

  users(): HashservUser[] {
    if (!this.hasTable('users')) return [];
    return this.query('SELECT id, username, token, permissions FROM users ORDER BY id', 'users').map((r) => ({
      id: Number(r.id),
      username: text(r.username) ?? '',
      token: text(r.token) ?? '',
      permissions: (text(r.permissions) ?? '').split(/\s+/).filter((p) => p !== ''),
    }));
  }

  config(): Record<string, string | null> {
    if (!this.hasTable('config')) return {};
    const out: Record<string, string | null> = {};
    for (const r of this.query('SELECT name, value FROM config ORDER BY id', 'config')) {
      out[text(r.name) ?? ''] = text(r.value);
    }
    return out;
  }

  counts(): Pick<HashservSummary, 'unihashRows' | 'outhashRows' | 'distinctUnihashes'> {
    const { layout } = this;
    const uni = quoteIdent(layout.unihashTable);
    const out = quoteIdent(layout.outhashTable);
    const count = (sql: string, table: string): number => Number(this.query(sql, table)[0]?.n ?? 0);
    const unihashRows = layout.singleTable
      ? count(
          `SELECT count(*) AS n FROM (SELECT 1 FROM ${uni} GROUP BY method, taskhash)`,
          layout.unihashTable,
        )
      : count(`SELECT count(*) AS n FROM ${uni}`, layout.unihashTable);
    const outhashRows = count(`SELECT count(*) AS n FROM ${out}`, layout.outhashTable);
    const distinctUnihashes = count(`SELECT count(DISTINCT unihash) AS n FROM ${uni}`, layout.unihashTable);
    return { unihashRows, outhashRows, distinctUnihashes };
  }

  summary(): HashservSummary {
    const { layout } = this;
    const uni = quoteIdent(layout.unihashTable);
    const out = quoteIdent(layout.outhashTable);
    const { unihashRows, outhashRows, distinctUnihashes } = this.counts();
    const methodRows = this.query(
      layout.singleTable
        ? `SELECT DISTINCT method FROM ${uni}`
        : `SELECT method FROM ${uni} UNION SELECT method FROM ${out}`,
      layout.unihashTable,
    );
    const methods = methodRows.map((r) => text(r.method) ?? '').sort();
    const config = this.config();
    return {
      schema: this.schema,
      tables: this.tables,
      methods,
      unihashRows,
      outhashRows,
      distinctUnihashes,
      gcMark: config['gc-mark'] ?? null,
      users: this.users(),
      config,
    };
  }

  close(): void {
    this.rdb.close();
  }
}
