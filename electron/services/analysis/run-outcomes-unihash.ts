import type { UnihashCacheEntry } from '../../../shared/model/sources';
import type { BuildRunTable, TaskRunRow } from './run-outcomes';

/** Where a task's unihash comes from, beyond what the event log says. */
export interface CachedUnihash {
  /** The unihash BitBake's local cache (bb_unihashes.dat) holds for this task and taskhash. */
  unihash: string;
  /** `<mc>:<pn>:<task>`, the cache key that matched. */
  key: string;
}

/**
 * Joins a build's tasks with the entries of a bb_unihashes.dat (spec eventlog.md §6): the log
 * records a unihash only when it changed, the cache holds the unihash BitBake settled on for each
 * setscene task (version "3" keys `<mc>:<pn>:<task>`). An entry counts only when its taskhash is
 * the one the log shows for that task — a stale entry (another build's taskhash) is ignored, as
 * BitBake ignores it. Version "1" entries (keyed by recipe file) are not joined.
 */
export function joinUnihashCache(
  table: BuildRunTable,
  entries: readonly UnihashCacheEntry[],
): Map<string, CachedUnihash> {
  const byKey = new Map<string, UnihashCacheEntry>();
  for (const e of entries) if (e.pn !== null) byKey.set(`${e.mc}:${e.pn}:${e.task}`, e);
  const out = new Map<string, CachedUnihash>();
  for (const row of table.tasks) {
    const hit = lookup(row, byKey);
    if (hit) out.set(row.tid, hit);
  }
  return out;
}

function lookup(row: TaskRunRow, byKey: Map<string, UnihashCacheEntry>): CachedUnihash | undefined {
  if (!row.pn || row.taskhash === null) return undefined;
  const key = `${row.mc}:${row.pn}:${row.taskname}`;
  const e = byKey.get(key);
  return e && e.taskhash === row.taskhash ? { unihash: e.unihash, key } : undefined;
}
