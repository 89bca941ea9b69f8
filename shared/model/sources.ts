/**
 * What build-directory discovery finds and what the local-cache readers return
 * (electron/services/sources/{discovery,hashserv-db,persist-data,unihashes,stamps,depsig}).
 * Plain serializable data: it crosses IPC, HTTP and the CLI's JSON output unchanged.
 * Formats: spec/local-caches.md, spec/sstate-and-siginfo.md §7.
 */
import type { ErrorInfo } from './errors';

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

/** The kinds of input discovery recognises inside (or as) a build directory. */
export const SOURCE_KINDS = [
  'hashserv-db', // sqlite database of hashserv (cache/hashserv.db or a standalone server's)
  'unihash-cache', // bb_unihashes.dat (pickle, BitBake >= 1.44)
  'persist-data', // bb_persist_data.sqlite3 (legacy, 2019-2024)
  'sstate-dir', // an sstate cache directory (SSTATE_DIR)
  'stamps-dir', // ${TMPDIR}/stamps of one configuration
  'depsig', // depsig.do_<task> listings: discovery reports one per ${TMPDIR}/work tree (path = the work dir)
  'sig-file', // one *.sigdata.* / *.siginfo file given on its own
  'sstate-archive', // one sstate:*.tar.zst (or .tgz) given on its own
  'eventlog', // a BitBake event log (JSON lines of base64 pickles)
  'conf', // conf/local.conf, site.conf, auto.conf, multiconfig/*.conf
] as const;

/** One of SOURCE_KINDS. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Whether a source could be read: 'empty' = present and valid but holds no records. */
export type SourceStatus = 'ok' | 'error' | 'empty';

/** What a reader recognised about a source's format version, when it can tell. */
export interface SourceDetected {
  /** hashserv.db schema, see HashservSchema. */
  schema?: HashservSchema;
  /** bb_unihashes.dat version string ("3", "1"). */
  version?: string;
  /** Human hint of the BitBake era that wrote it, e.g. "BitBake >= 2.8". */
  release?: string;
  /** SQLite journal mode found on disk ('wal' when -wal/-shm companions exist). */
  journal?: 'wal' | 'rollback';
  /**
   * True when a non-empty -wal exists without its -shm: reading it would create a -shm beside
   * the database, so only the checkpointed content was read (rows in the WAL are missing).
   */
  walIgnored?: boolean;
}

/** One source found by discovery, with a quick status (counts are cheap to get). */
export interface SourceInfo {
  kind: SourceKind;
  /** Absolute path of the file or directory. */
  path: string;
  status: SourceStatus;
  error?: ErrorInfo;
  /** Multiconfig name ('' = default configuration) when the source belongs to one. */
  mc?: string;
  /** Named counts, e.g. { unihashes: 46, outhashes: 46 } or { stamps: 120, sigdata: 80 }. */
  counts?: Record<string, number>;
  detected?: SourceDetected;
  /** Size in bytes for files. */
  size?: number;
  /** Modification time, ms since the epoch. */
  mtimeMs?: number;
}

/** Operators of BitBake's assignment syntax understood by the conf parser. */
export type ConfOperator = '=' | '?=' | '??=' | ':=' | '+=' | '=+' | '.=' | '=.';

/** One assignment as written in a conf file (before combining). */
export interface ConfAssignment {
  name: string;
  op: ConfOperator;
  /** The value between the quotes, continuation lines joined, not expanded. */
  raw: string;
  file: string;
  /** 1-based line of the assignment's first line. */
  line: number;
}

/** The variables of one configuration after applying the assignments in BitBake's order. */
export interface ConfVariables {
  /** Final value per variable, with ${...} expanded where we could. */
  values: Record<string, string>;
  /** Every assignment that contributed, in the order applied. */
  assignments: ConfAssignment[];
  /** Variables whose value still contains an unexpandable ${...} (e.g. ${MACHINE} set by a layer). */
  unexpanded: string[];
}

/** One multiconfig of the build (from BBMULTICONFIG + conf/multiconfig/<mc>.conf). */
export interface MulticonfigInfo {
  name: string;
  /** conf/multiconfig/<mc>.conf, absent if the file is missing. */
  confFile?: string;
  /** TMPDIR of this configuration (absolute), if known or found. */
  tmpdir?: string;
  variables: ConfVariables;
}

/** What discovery found for anything a user dropped (a build dir, its tmp/, cache/, one file...). */
export interface BuildDiscovery {
  /** The path the user gave, absolute. */
  input: string;
  /** The build directory (TOPDIR), or null when the input is outside any recognisable build dir. */
  root: string | null;
  /** How the root was recognised. */
  rootEvidence: 'conf/local.conf' | 'layout' | 'none';
  /** Variables of the default configuration (local.conf, site.conf, auto.conf). */
  conf: ConfVariables;
  /** The key paths resolved from conf with BitBake's defaults. */
  paths: BuildPaths;
  multiconfigs: MulticonfigInfo[];
  sources: SourceInfo[];
  /** Problems that did not stop discovery (unreadable dir, symlink loop, vanished file). */
  warnings: ErrorInfo[];
}

/** Resolved locations (absolute), with BitBake's defaults where conf is silent. */
export interface BuildPaths {
  topdir: string | null;
  tmpdir: string | null;
  persistentDir: string | null;
  sstateDir: string | null;
  /** BB_HASHSERVE as written ('auto', 'unix://...', 'host:port', '' = off). */
  hashserve?: string;
  hashserveUpstream?: string;
  signatureHandler?: string;
  sstateMirrors?: string;
}

// ---------------------------------------------------------------------------------------------
// hashserv.db
// ---------------------------------------------------------------------------------------------

/** Schemas of hashserv.db, detected by table names (spec local-caches.md §C.3). */
export type HashservSchema =
  | 'tasks_v1' // BitBake 1.42 HTTP server: one table, no unique constraint
  | 'tasks_v2' // BitBake 1.44 - 1.50: one table with UNIQUE(method, outhash, taskhash)
  | 'split_v2' // BitBake 1.52 - 2.6: unihashes_v2 + outhashes_v2
  | 'v3'; // BitBake >= 2.8: unihashes_v3 + outhashes_v2 (+ users, config)

/** A taskhash -> unihash mapping (unihashes_v3 / unihashes_v2 / the unihash column of tasks_v*). */
export interface UnihashRow {
  id: number;
  method: string;
  taskhash: string;
  unihash: string;
  /** Only in v3; '' when never marked. */
  gcMark?: string;
}

/** One reported output (outhashes_v2, or a tasks_v* row). */
export interface OuthashRow {
  id: number;
  method: string;
  taskhash: string;
  outhash: string;
  /** As stored: ISO-8601 with offset (2025+), or naive local time (older); null if absent. */
  created: string | null;
  owner: string | null;
  pn: string | null;
  pv: string | null;
  pr: string | null;
  /** Task name without `do_`, as the server stores it. */
  task: string | null;
  /** The depsig text (sstate-and-siginfo.md §7) when the build reported task data. */
  outhashSiginfo: string | null;
  /** Only for tasks_v* rows: the unihash stored in the same row. */
  unihash?: string;
}

/** A row of `users` (v3). The token is a salted digest, never a secret in clear. */
export interface HashservUser {
  id: number;
  username: string;
  token: string;
  /** Split on spaces, e.g. ['@read', '@report']. */
  permissions: string[];
}

/** Summary of a hashserv.db. */
export interface HashservSummary {
  schema: HashservSchema;
  tables: string[];
  methods: string[];
  unihashRows: number;
  outhashRows: number;
  distinctUnihashes: number;
  /** From `config` (v3): the current gc mark, or null. */
  gcMark: string | null;
  users: HashservUser[];
  /** config table name -> value (v3). */
  config: Record<string, string | null>;
}

// ---------------------------------------------------------------------------------------------
// bb_persist_data.sqlite3 and bb_unihashes.dat
// ---------------------------------------------------------------------------------------------

/** One key/value pair of a persist_data domain (table). */
export interface PersistDataEntry {
  domain: string;
  key: string;
  value: string | null;
}

/** A row of a SSTATESIG_UNIHASH_CACHE_v1_* domain, with its key split (spec §A.3). */
export interface PersistUnihashEntry {
  domain: string;
  /** Method as recovered from the table name, e.g. 'oe_sstatesig_OEOuthashBasic'. */
  methodInTable: string;
  key: string;
  /** The recipe file with its prefixes, e.g. `virtual:native:/…/zlib_1.2.11.bb`. */
  recipeFile: string;
  /** `multiconfig:<mc>:` prefix value, '' for the default configuration. */
  mc: string;
  /** `virtual:<class>:` prefix value (e.g. 'native'), or null. */
  variant: string | null;
  task: string;
  taskhash: string;
  unihash: string;
}

/** A domain (table) of bb_persist_data.sqlite3. */
export interface PersistDomainInfo {
  name: string;
  kind: 'unihash-cache' | 'headrevs' | 'other';
  rows: number;
}

/** One entry of bb_unihashes.dat, normalized across versions "3" and "1". */
export interface UnihashCacheEntry {
  /** The dict key as written. */
  key: string;
  /** Multiconfig name, '' for the default configuration. */
  mc: string;
  /** Version "3": PN. Version "1": null (the key holds a recipe file instead). */
  pn: string | null;
  /** Version "1" only: the recipe file with `virtual:…:` prefixes. */
  recipeFile?: string;
  /** `do_populate_sysroot`. */
  task: string;
  taskhash: string;
  unihash: string;
}

/** A whole bb_unihashes.dat. */
export interface UnihashCacheFile {
  version: string;
  entries: UnihashCacheEntry[];
}

// ---------------------------------------------------------------------------------------------
// Stamps and depsig
// ---------------------------------------------------------------------------------------------

/** What a stamp file is (spec §D.1). */
export type StampKind = 'stamp' | 'setscene' | 'sigdata' | 'sigbasedata' | 'taint';

/** One file of a stamps directory, mapped to recipe and task. */
export interface StampRecord {
  path: string;
  /** Relative to the stamps dir, '/'-separated. */
  relPath: string;
  kind: StampKind;
  mc: string;
  /** MULTIMACH_TARGET_SYS, or 'work-shared'. */
  arch: string;
  pn: string;
  /** The version part before `.do_` (PV, or [PE_]PV-PR in older builds). */
  version: string;
  /** Task name with `do_`, without `_setscene`. */
  task: string;
  /** The hash in the name; null for taint files. */
  hash: string | null;
  /** stamp-extra-info suffix, e.g. 'qemux86_64'. */
  extraInfo: string | null;
  mtimeMs: number;
  size: number;
}

/** One `depsig.do_<task>` of a work dir's temp/. */
export interface DepsigRecord {
  /** The `depsig.do_<task>` link path. */
  path: string;
  /** The `depsig.do_<task>.<pid>` file it points at. */
  target: string;
  /** pid from the target's name, null if unparsable. */
  pid: number | null;
  /** `do_package`. */
  task: string;
  mc: string;
  arch: string;
  pn: string;
  /** The version directory (PV, or PV-PR in older builds). */
  version: string;
  /** How the link was stored: a real symlink, or a text file holding the link target (copies). */
  link: 'symlink' | 'text' | 'none';
  size: number;
  /** Older `depsig.do_<task>.<pid>` files beside it (previous runs). */
  olderTargets: string[];
}
