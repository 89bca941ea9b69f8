/**
 * Replies of a bitbake-hashserv server (spec §5), as the client returns them. Field names are the
 * server's (database column names), so they match what `bitbake-hashclient` shows.
 */

/** `get` without `all`, `report`, `report-equiv`: the mapping the server holds. */
export interface UnihashMapping {
  taskhash: string;
  method: string;
  unihash: string;
}

/** `get` with `all: true`, `get-outhash`: a merged outhash + unihash row (spec §5.1). */
export interface OuthashRecord {
  /** The unihashes_v3 row id (absent when `with_unihash` is false: then the outhash row id). */
  id?: number;
  method: string;
  taskhash: string;
  outhash: string;
  /** ISO-8601 with `+00:00`. */
  created: string | null;
  owner: string | null;
  PN: string | null;
  PV: string | null;
  PR: string | null;
  task: string | null;
  outhash_siginfo: string | null;
  gc_mark?: string;
  unihash?: string;
}

/** `get-stats` / `reset-stats`: request timing of the server process (seconds). */
export interface ServerStats {
  requests: { num: number; total_time: number; max_time: number; average: number; stdev: number };
}

/** A server account. */
export interface ServerUser {
  username: string;
  permissions: string[];
}

/** `auth` reply. */
export interface AuthResult {
  result: boolean;
  username: string;
  permissions: string[];
}

/** `gc-status` reply. */
export interface GcStatus {
  keep: number;
  remove: number;
  mark: string | null;
}

/** `get-db-usage` reply: rows per table. */
export interface DbUsage {
  usage: Record<string, { rows: number }>;
}

/** Optional task data sent with a `report` (spec §5, shown by the server's `get … all`). */
export interface ReportTaskData {
  owner?: string;
  PN?: string;
  PV?: string;
  PR?: string;
  task?: string;
  outhash_siginfo?: string;
}
