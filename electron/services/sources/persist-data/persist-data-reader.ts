/**
 * Read-only reader of the legacy `bb_persist_data.sqlite3` (BitBake <= 2.10, spec local-caches.md
 * §A): one `key TEXT PRIMARY KEY, value TEXT` table per domain. The unihash caches written by
 * OE-Core warrior (`SSTATESIG_UNIHASH_CACHE_v1_<method>`) get their keys split into recipe
 * file / task / taskhash; every other domain (BB_URI_HEADREVS, ...) is a plain key/value table.
 */
import type { ErrorInfo } from '../../../../shared/model/errors';
import { InspectorError } from '../../../../shared/model/errors';
import type {
  PersistDataEntry,
  PersistDomainInfo,
  PersistUnihashEntry,
} from '../../../../shared/model/sources';
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
import { parsePersistUnihashKey } from './persist-unihash-key';

/** Prefix of the unihash-cache domains (dots of the method replaced by `_`). */
export const UNIHASH_DOMAIN_PREFIX = 'SSTATESIG_UNIHASH_CACHE_v1_';

/** Options of the iterators. */
export interface PersistIterateOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** Called for a key that does not have the `<file>.<do_task>:<taskhash>` shape; it is skipped. */
  onBadEntry?: (error: ErrorInfo) => void;
}

/** An open bb_persist_data.sqlite3. */
export interface PersistDataDb {
  readonly file: string;
  readonly plan: ReadonlyOpenPlan;
  /** Every domain (table) with its kind and row count, sorted by name. */
  domains(): PersistDomainInfo[];
  /** Key/value pairs of one domain, in key order. */
  iterateDomain(domain: string, options?: PersistIterateOptions): Generator<PersistDataEntry>;
  /** Rows of every SSTATESIG_UNIHASH_CACHE_v1_* domain, keys split. */
  iterateUnihashCache(options?: PersistIterateOptions): Generator<PersistUnihashEntry>;
  close(): void;
}

/** Classifies a domain name. */
export function domainKind(name: string): PersistDomainInfo['kind'] {
  if (name.startsWith(UNIHASH_DOMAIN_PREFIX)) return 'unihash-cache';
  if (name === 'BB_URI_HEADREVS') return 'headrevs';
  return 'other';
}

/** Opens a persist_data database read-only. Throws InspectorError. */
export function openPersistData(file: string): PersistDataDb {
  const rdb = openSqliteReadonly(file);
  try {
    const tables = listTables(rdb);
    const domains = tables.filter((t) => {
      const cols = listColumns(rdb, t);
      return cols.has('key') && cols.has('value');
    });
    if (tables.length > 0 && domains.length === 0) {
      throw new InspectorError(
        'BAD_FORMAT',
        `Not a persist_data database: no table has key/value columns (found: ${tables.join(', ')}).`,
        { file },
      );
    }
    return new PersistDataDbImpl(rdb, domains);
  } catch (err) {
    rdb.close();
    throw sqliteErrorToInspector(err, file);
  }
}

class PersistDataDbImpl implements PersistDataDb {
  readonly file: string;
  readonly plan: ReadonlyOpenPlan;

  constructor(
    private readonly rdb: ReadonlyDb,
    private readonly domainNames: string[],
  ) {
    this.file = rdb.file;
    this.plan = rdb.plan;
  }

  domains(): PersistDomainInfo[] {
    return this.domainNames.map((name) => {
      let rows: number;
      try {
        rows = Number(this.rdb.db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(name)}`).get()?.n ?? 0);
      } catch (err) {
        throw sqliteErrorToInspector(err, this.file, name);
      }
      return { name, kind: domainKind(name), rows };
    });
  }

  *iterateDomain(domain: string, options: PersistIterateOptions = {}): Generator<PersistDataEntry> {
    if (!this.domainNames.includes(domain)) {
      throw new InspectorError('NOT_FOUND', `No persist_data domain ${domain}.`, {
        file: this.file,
        entry: domain,
      });
    }
    // Keyset pagination on the primary key: short read transactions, bounded memory.
    const batch = Math.max(1, options.batchSize ?? 2000);
    const table = quoteIdent(domain);
    let stmtFirst;
    let stmtNext;
    try {
      stmtFirst = this.rdb.db.prepare(`SELECT key, value FROM ${table} ORDER BY key LIMIT ${batch}`);
      stmtNext = this.rdb.db.prepare(
        `SELECT key, value FROM ${table} WHERE key > ? ORDER BY key LIMIT ${batch}`,
      );
    } catch (err) {
      throw sqliteErrorToInspector(err, this.file, domain);
    }
    let last: string | null = null;
    for (;;) {
      throwIfCancelled(options.signal, `Reading ${domain}`);
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (last === null ? stmtFirst.all() : stmtNext.all(last)) as Array<Record<string, unknown>>;
      } catch (err) {
        throw sqliteErrorToInspector(err, this.file, domain);
      }
      for (const r of rows) {
        yield { domain, key: String(r.key), value: r.value === null ? null : String(r.value) };
      }
      if (rows.length < batch) return;
      last = String(rows[rows.length - 1]?.key);
    }
  }

  *iterateUnihashCache(options: PersistIterateOptions = {}): Generator<PersistUnihashEntry> {
    for (const domain of this.domainNames) {
      if (domainKind(domain) !== 'unihash-cache') continue;
      const methodInTable = domain.slice(UNIHASH_DOMAIN_PREFIX.length);
      for (const e of this.iterateDomain(domain, options)) {
        const parsed = parsePersistUnihashKey(e.key);
        if (!parsed || e.value === null) {
          options.onBadEntry?.({
            code: 'BAD_FORMAT',
            message: parsed
              ? 'Unihash cache entry has a NULL value.'
              : 'Unihash cache key is not <recipe file>.<do_task>:<taskhash>.',
            where: { file: this.file, entry: `${domain}[${e.key}]` },
          });
          continue;
        }
        yield { domain, methodInTable, key: e.key, ...parsed, unihash: e.value };
      }
    }
  }

  close(): void {
    this.rdb.close();
  }
}
