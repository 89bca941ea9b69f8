/**
 * Shapes of "what does the hash equivalence server say about my build" (the sync with a
 * bitbake-hashserv server). Produced by electron/services/hashserv/sync.ts, shown as a column
 * and a filter in the task index, printed by `hashequiv sync --json`.
 */

import type { ServerStatus } from './tasks';

/**
 * How a local task compares with the server (the type lives with the task rows in tasks.ts):
 * - `same`: the server maps (method, taskhash) to the unihash the local cache has;
 * - `different`: the server maps it to another unihash (sstate named by ours will not be shared);
 * - `unknown`: the server has no mapping for the taskhash;
 * - `server-only`: the local cache has no unihash for the task, the server has one.
 */
export type { ServerStatus };

/** Every ServerStatus, in display order (for filters and summaries). */
export const SERVER_STATUSES: readonly ServerStatus[] = ['same', 'different', 'unknown', 'server-only'];

/** One local task as the sync needs it: no dependency on how the workspace found it. */
export interface SyncTaskInput {
  /** The task's key in the task index (e.g. `mc1:zlib:do_compile`). */
  key: string;
  /** Output-hash method, e.g. `oe.sstatesig.OEOuthashBasic`. */
  method: string;
  taskhash: string;
  /** The unihash the local cache holds for this taskhash, when it holds one. */
  unihash?: string;
}

/** The server's answer for one task. */
export interface SyncTaskResult {
  key: string;
  method: string;
  taskhash: string;
  localUnihash?: string;
  /** What the server maps (method, taskhash) to; absent when the server does not know it. */
  serverUnihash?: string;
  status: ServerStatus;
  /**
   * Whether the server knows the local unihash at all (exists-stream), whatever taskhash it came
   * from: true means sstate named by this unihash may be shared. Absent without a local unihash.
   */
  localUnihashOnServer?: boolean;
}

/** Counts per status, plus how many local unihashes the server knows. */
export interface SyncSummary {
  total: number;
  same: number;
  different: number;
  unknown: number;
  serverOnly: number;
  /** Local unihashes (distinct) that the server knows / does not know. */
  unihashesKnown: number;
  unihashesUnknown: number;
}

/** The whole answer of a sync against one server. */
export interface SyncResult {
  /** The address as given (`host:port`, `unix://…`, `wss://…`). */
  server: string;
  /** ISO-8601 time the sync finished. */
  checkedAt: string;
  tasks: SyncTaskResult[];
  summary: SyncSummary;
}

/** One local outhash report that could be sent to a server (from a local hashserv.db). */
export interface OuthashReportInput {
  method: string;
  taskhash: string;
  outhash: string;
  unihash: string;
  owner?: string;
  PN?: string;
  PV?: string;
  PR?: string;
  task?: string;
}

/**
 * What the server would do with one report, predicted read-only:
 * - `known`: the server already maps the taskhash (the report would change nothing);
 * - `equivalent`: new taskhash whose outhash the server knows: it would answer `predictedUnihash`;
 * - `new`: neither known: the server would store the submitted unihash.
 */
export type ReportPrediction = 'known' | 'equivalent' | 'new';

/** One line of a dry-run preview. */
export interface ReportPreviewItem {
  report: OuthashReportInput;
  prediction: ReportPrediction;
  /** The unihash the server would answer (current mapping, equivalent one, or the submitted one). */
  predictedUnihash: string;
}

/**
 * A dry-run preview of reporting outhashes to a server. `confirmation` must be passed back
 * unchanged to actually report: the proof that the user saw exactly this plan.
 */
export interface ReportPreview {
  server: string;
  items: ReportPreviewItem[];
  /** How many items would write something (`equivalent` + `new`). */
  toSend: number;
  confirmation: string;
}

/** The outcome of a confirmed report. */
export interface ReportOutcome {
  server: string;
  sent: number;
  /** The server's answer per sent report (unihash the builder must use). */
  results: Array<{ method: string; taskhash: string; unihash: string }>;
}

/** Classifies one task from its local unihash and the server's answer (see ServerStatus). */
export function classifyServerStatus(
  localUnihash: string | undefined,
  serverUnihash: string | undefined,
): ServerStatus {
  if (serverUnihash === undefined) return 'unknown';
  if (localUnihash === undefined) return 'server-only';
  return localUnihash === serverUnihash ? 'same' : 'different';
}

/** Counts a sync's task results per status. */
export function summarizeSync(tasks: readonly SyncTaskResult[]): SyncSummary {
  const s: SyncSummary = {
    total: tasks.length,
    same: 0,
    different: 0,
    unknown: 0,
    serverOnly: 0,
    unihashesKnown: 0,
    unihashesUnknown: 0,
  };
  const seen = new Map<string, boolean>();
  for (const t of tasks) {
    if (t.status === 'server-only') s.serverOnly++;
    else s[t.status]++;
    if (t.localUnihash !== undefined && t.localUnihashOnServer !== undefined)
      seen.set(t.localUnihash, t.localUnihashOnServer);
  }
  for (const known of seen.values()) {
    if (known) s.unihashesKnown++;
    else s.unihashesUnknown++;
  }
  return s;
}
