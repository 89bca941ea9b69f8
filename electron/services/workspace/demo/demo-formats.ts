/**
 * Writers for the demo's BitBake files: bb_unihashes.dat (a pickle of exactly one shape),
 * sigdata JSON (sorted keys, compact, sets as `_set_object`) and hashserv.db (the current schema).
 */
import { zstdCompressSync } from 'node:zlib';
import { DatabaseSync } from 'node:sqlite';
import type { SigData } from '../../../../shared/model/sigdata';

// ---------------------------------------------------------------------------------------------
// bb_unihashes.dat (spec local-caches.md §B.2/§B.3)
// ---------------------------------------------------------------------------------------------

/**
 * Serializes `[{key: (taskhash, unihash)}, version]` as pickle protocol 4 the way CPython lays it
 * out: one FRAME, MEMOIZE after every object, BINGET when the unihash is the taskhash string
 * itself, SETITEMS in batches of at most 1000 pairs.
 */
export function pickleUnihashCache(entries: ReadonlyArray<[string, string, string]>, version = '3'): Buffer {
  const parts: Buffer[] = [];
  let memo = 0;
  const op = (...bytes: number[]) => parts.push(Buffer.from(bytes));
  const memoize = () => {
    op(0x94);
    return memo++;
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    if (b.length < 256) op(0x8c, b.length);
    else {
      const h = Buffer.alloc(5);
      h[0] = 0x58;
      h.writeUInt32LE(b.length, 1);
      parts.push(h);
    }
    parts.push(b);
    return memoize();
  };
  const get = (i: number) => {
    if (i < 256) op(0x68, i);
    else {
      const h = Buffer.alloc(5);
      h[0] = 0x6a;
      h.writeUInt32LE(i, 1);
      parts.push(h);
    }
  };
  op(0x5d); // EMPTY_LIST
  memoize();
  op(0x28); // MARK (for APPENDS)
  op(0x7d); // EMPTY_DICT
  memoize();
  for (let i = 0; i < entries.length; i += 1000) {
    op(0x28); // MARK
    for (const [key, taskhash, unihash] of entries.slice(i, i + 1000)) {
      str(key);
      const th = str(taskhash);
      if (unihash === taskhash) get(th);
      else str(unihash);
      op(0x86); // TUPLE2
      memoize();
    }
    op(0x75); // SETITEMS
  }
  str(version);
  op(0x65); // APPENDS
  op(0x2e); // STOP
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(11);
  head[0] = 0x80; // PROTO 4
  head[1] = 4;
  head[2] = 0x95; // FRAME + u64 length of what follows
  head.writeBigUInt64LE(BigInt(body.length), 3);
  return Buffer.concat([head, body]);
}

// ---------------------------------------------------------------------------------------------
// sigdata / siginfo (spec sstate-and-siginfo.md §4.1)
// ---------------------------------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const set = (items: readonly string[]): Json => ({ _set_object: [...items].sort() });

/** Python's json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=True). */
export function pythonJson(v: Json): string {
  if (v === null || typeof v !== 'object') {
    return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${pythonJson(k)}:${pythonJson(v[k] ?? null)}`).join(',')}}`;
}

/** The JSON object BitBake writes for a runtime signature dump. */
export function sigJson(sig: SigData): string {
  const gendeps: Record<string, Json> = {};
  for (const [k, deps] of Object.entries(sig.gendeps)) gendeps[k] = set(deps);
  const obj: Record<string, Json> = {
    task: sig.task,
    basehash_ignore_vars: set(sig.basehashIgnoreVars),
    taskhash_ignore_tasks: sig.taskhashIgnoreTasks,
    taskdeps: set(sig.taskdeps),
    basehash: sig.basehash,
    gendeps,
    varvals: { ...sig.varvals },
  };
  if (sig.runtaskdeps) obj.runtaskdeps = [...sig.runtaskdeps];
  if (sig.runtaskhashes) obj.runtaskhashes = { ...sig.runtaskhashes };
  if (sig.fileChecksumValues) obj.file_checksum_values = sig.fileChecksumValues.map(([n, c]) => [n, c]);
  if (sig.taskhash !== undefined) obj.taskhash = sig.taskhash;
  if (sig.unihash !== undefined) obj.unihash = sig.unihash;
  if (sig.taint !== undefined) obj.taint = sig.taint;
  return pythonJson(obj);
}

/** A sigdata/siginfo file: the JSON compressed as one zstd frame (BitBake pipes through `zstd -3`). */
export function sigFileBytes(sig: SigData): Buffer {
  return zstdCompressSync(Buffer.from(sigJson(sig), 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// hashserv.db (spec local-caches.md §C.2, DDL as the server writes it)
// ---------------------------------------------------------------------------------------------

const HASHSERV_DDL = `
CREATE TABLE unihashes_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            method TEXT NOT NULL, taskhash TEXT NOT NULL, unihash TEXT NOT NULL, gc_mark TEXT NOT NULL,
            UNIQUE(method, taskhash)
            );
CREATE TABLE outhashes_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            method TEXT NOT NULL, taskhash TEXT NOT NULL, outhash TEXT NOT NULL, created DATETIME, owner TEXT, PN TEXT, PV TEXT, PR TEXT, task TEXT, outhash_siginfo TEXT,
            UNIQUE(method, taskhash, outhash)
            );
CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL, token TEXT NOT NULL, permissions TEXT NOT NULL,
            UNIQUE(username)
            );
CREATE TABLE config (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL, value TEXT,
            UNIQUE(name)
            );
CREATE INDEX taskhash_lookup_v4 ON unihashes_v3 (method, taskhash);
CREATE INDEX unihash_lookup_v1 ON unihashes_v3 (unihash);
CREATE INDEX outhash_lookup_v3 ON outhashes_v2 (method, outhash);
CREATE INDEX config_lookup ON config (name);
`;

/** One outhash report to write. */
export interface HashservReport {
  method: string;
  taskhash: string;
  outhash: string;
  created: string;
  owner: string | null;
  pn: string | null;
  pv: string | null;
  pr: string | null;
  task: string | null;
  siginfo: string | null;
}

/**
 * Creates a hashserv.db with the current schema. Only ever used on our own output (the demo dir,
 * bench/.data): the user's databases are never opened for writing. Rollback journal, like a
 * database the server closed cleanly.
 */
export function writeHashservDb(
  file: string,
  unihashes: Iterable<{ method: string; taskhash: string; unihash: string }>,
  reports: Iterable<HashservReport>,
): void {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;');
    db.exec(HASHSERV_DDL);
    db.exec('BEGIN');
    const u = db.prepare("INSERT INTO unihashes_v3 (method, taskhash, unihash, gc_mark) VALUES (?, ?, ?, '')");
    for (const r of unihashes) u.run(r.method, r.taskhash, r.unihash);
    const o = db.prepare(
      `INSERT INTO outhashes_v2 (method, taskhash, outhash, created, owner, PN, PV, PR, task, outhash_siginfo)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of reports) o.run(r.method, r.taskhash, r.outhash, r.created, r.owner, r.pn, r.pv, r.pr, r.task, r.siginfo);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
