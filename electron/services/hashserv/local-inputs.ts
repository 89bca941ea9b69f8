import type { OuthashReportInput, SyncTaskInput } from '../../../shared/model/server-sync';
import { openHashservDb } from '../sources/hashserv-db/index';

/** The method BitBake uses when a row does not say (SSTATE_HASHEQUIV_METHOD's default in OE). */
export const DEFAULT_METHOD = 'oe.sstatesig.OEOuthashBasic';

/** A task row as the workspace lists it (Workspace.rowIdentities). */
export interface TaskIdentity {
  key: string;
  taskhash: string | null;
  unihash: string | null;
  method: string | null;
}

/**
 * Turns task rows into sync inputs: rows without a taskhash cannot be asked about and are left
 * out; rows without a method use `defaultMethod`.
 */
export function syncInputsFromRows(
  rows: Iterable<TaskIdentity>,
  defaultMethod = DEFAULT_METHOD,
): SyncTaskInput[] {
  const out: SyncTaskInput[] = [];
  for (const r of rows) {
    if (!r.taskhash) continue;
    const t: SyncTaskInput = { key: r.key, method: r.method ?? defaultMethod, taskhash: r.taskhash };
    if (r.unihash) t.unihash = r.unihash;
    out.push(t);
  }
  return out;
}

/**
 * The reports a local hashserv.db holds (each outhash row with the unihash the local server
 * mapped its taskhash to), ready for a report preview. Opened read-only.
 */
export function localReportsFromHashservDb(
  file: string,
  opts: { signal?: AbortSignal } = {},
): OuthashReportInput[] {
  const db = openHashservDb(file);
  try {
    const unihashOf = new Map<string, string>();
    for (const u of db.iterateUnihashes(opts.signal ? { signal: opts.signal } : {}))
      unihashOf.set(`${u.method}\u0000${u.taskhash}`, u.unihash);
    const out: OuthashReportInput[] = [];
    for (const o of db.iterateOuthashes(opts.signal ? { signal: opts.signal } : {})) {
      const unihash = unihashOf.get(`${o.method}\u0000${o.taskhash}`);
      if (!unihash) continue; // an outhash without a mapping has nothing to report
      const r: OuthashReportInput = { method: o.method, taskhash: o.taskhash, outhash: o.outhash, unihash };
      if (o.owner) r.owner = o.owner;
      if (o.pn) r.PN = o.pn;
      if (o.pv) r.PV = o.pv;
      if (o.pr) r.PR = o.pr;
      if (o.task) r.task = o.task;
      out.push(r);
    }
    return out;
  } finally {
    db.close();
  }
}
