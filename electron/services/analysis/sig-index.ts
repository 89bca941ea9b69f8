/**
 * An index of the signature files of one build: stamp sigdata files (`tmp…/stamps/…`) and sstate
 * `.siginfo` files, by task and by hash, plus the task stamps that say which hash each task
 * last ran or was restored with. It answers "the sigdata of task T with hash H" by file name
 * first and by the taskhash/unihash recorded inside when the name does not match. Read-only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorInfo } from '../../../shared/model/errors';
import { InspectorError, toErrorInfo } from '../../../shared/model/errors';
import type { SigFile } from '../../../shared/model/sigdata';
import { throwIfCancelled } from '../jobs/cancel';
import {
  parseSstateArchiveName,
  parseSstateSigName,
  parseStampSigName,
  parseTaskStampName,
  taskKey,
} from './sig-file-names';

/** Reads one sig file (the siginfo reader of `electron/services/sources/siginfo`, or a test double). */
export type SigReader = (file: string) => Promise<SigFile>;

/** One signature file found on disk. */
export interface SigEntry {
  path: string;
  source: 'stamps' | 'sstate';
  /** Multiconfig name ('' for the default); '' for sstate files, whose names do not carry it. */
  mc: string;
  pn: string;
  task: string;
  /** The hash in the file name (the unihash when it was written). */
  fileHash: string;
}

/** A task of the build as its stamps show it. */
export interface StampedTask {
  key: string;
  mc: string;
  pn: string;
  task: string;
  /** Hash of the newest task stamp (ran or restored), if there is one. */
  stampHash?: string;
  setscene: boolean;
  /** Where its stamps live, for messages. */
  stampDir: string;
}

/** Where to look, and how to read. */
export interface SigIndexOptions {
  reader: SigReader;
  /** sstate directories to scan for `.siginfo` files (default: `<build>/sstate-cache` if present). */
  sstateDirs?: string[];
  signal?: AbortSignal;
}

/** The signature index of one build directory. */
export interface BuildSigIndex {
  root: string;
  tasks: Map<string, StampedTask>;
  entries: SigEntry[];
  /** sstate archives present, as `<pn>:<hash>_<task>` (task with `do_`). */
  sstateObjects: Set<string>;
  /** Files and directories that could not be read; the index covers the rest. */
  problems: ErrorInfo[];
  /** Modification time of a sig file (stat on first use: most callers never need it). */
  mtime(entry: SigEntry): Promise<number>;
  /** Sig files that failed to read so far, with why (file and position in `where`). */
  loadErrors(): ErrorInfo[];
  /** Reads (once) and returns a sig file, or the error that stopped it. */
  load(entry: SigEntry): Promise<{ ok: true; value: SigFile } | { ok: false; error: ErrorInfo }>;
  /** The signature of task `key` whose file name, taskhash or unihash is `hash`. */
  findByHash(key: string, hash: string): Promise<SigFile | undefined>;
  /** The signature the task's newest stamp points at, else its newest sigdata file. */
  current(key: string): Promise<SigFile | undefined>;
  /** Every sig entry that belongs to the task (stamps of its mc; sstate by PN and task). */
  candidates(key: string): SigEntry[];
}

/** Builds the index of a build directory (`TOPDIR`, holding the `tmp` dirs and usually `sstate-cache`). */
export async function indexBuild(root: string, opts: SigIndexOptions): Promise<BuildSigIndex> {
  const abs = path.resolve(root);
  const st = await stat(abs).catch((err: unknown) => {
    throw new InspectorError('NOT_FOUND', `Build directory not found: ${abs} (${toErrorInfo(err).message})`, {
      file: abs,
    });
  });
  if (!st.isDirectory()) throw new InspectorError('NOT_A_FILE', `Not a directory: ${abs}`, { file: abs });

  const problems: ErrorInfo[] = [];
  const entries: SigEntry[] = [];
  const tasks = new Map<string, StampedTask>();
  const sstateObjects = new Set<string>();
  const mcs = await readMulticonfigs(abs);

  for (const tmp of await listDir(abs, problems)) {
    if (!tmp.isDirectory() || !/^tmp/.test(tmp.name)) continue;
    const stampsDir = path.join(abs, tmp.name, 'stamps');
    const mc = multiconfigOf(tmp.name, mcs);
    for (const arch of await listDir(stampsDir, [])) {
      if (!arch.isDirectory()) continue;
      for (const pnDir of await listDir(path.join(stampsDir, arch.name), problems)) {
        if (!pnDir.isDirectory()) continue;
        throwIfCancelled(opts.signal, 'Indexing stamps');
        const dir = path.join(stampsDir, arch.name, pnDir.name);
        const pn = pnDir.name;
        const stamps: Array<{ file: string; task: string; hash: string; setscene: boolean }> = [];
        for (const f of await listDir(dir, problems)) {
          if (!f.isFile()) continue;
          const file = path.join(dir, f.name);
          const sig = parseStampSigName(f.name);
          if (sig) {
            entries.push({ path: file, source: 'stamps', mc, pn, task: sig.task, fileHash: sig.hash });
            const key = taskKey(mc, pn, sig.task);
            if (!tasks.has(key))
              tasks.set(key, { key, mc, pn, task: sig.task, setscene: false, stampDir: dir });
            continue;
          }
          const stamp = parseTaskStampName(f.name);
          if (stamp) stamps.push({ file, ...stamp });
        }
        // BitBake replaces a task's stamp, so one per task is the rule; only where several are
        // left over does the newest (by mtime) win — the only stat calls of the index.
        const perTask = new Map<string, typeof stamps>();
        for (const st of stamps) push(perTask, st.task, st);
        for (const [task, list] of perTask) {
          let best = list[0]!;
          if (list.length > 1) {
            const times = await Promise.all(list.map((x) => mtimeOf(x.file)));
            best = list[times.indexOf(Math.max(...times))]!;
          }
          const key = taskKey(mc, pn, task);
          tasks.set(key, { key, mc, pn, task, stampHash: best.hash, setscene: best.setscene, stampDir: dir });
        }
      }
    }
  }

  const sstateDirs = opts.sstateDirs ?? [path.join(abs, 'sstate-cache')];
  for (const dir of sstateDirs) await scanSstate(dir, entries, sstateObjects, problems, opts.signal, 0);

  const byHash = new Map<string, SigEntry[]>();
  const byTask = new Map<string, SigEntry[]>();
  for (const e of entries) {
    push(byHash, e.fileHash, e);
    push(byTask, `${e.pn}:${e.task}`, e);
  }
  const cache = new Map<string, Promise<{ ok: true; value: SigFile } | { ok: false; error: ErrorInfo }>>();
  const failures: ErrorInfo[] = [];
  const load: BuildSigIndex['load'] = (entry) => {
    let p = cache.get(entry.path);
    if (!p) {
      p = opts.reader(entry.path).then(
        (value) => ({ ok: true as const, value }),
        (err: unknown) => {
          const error = withFile(toErrorInfo(err), entry.path);
          failures.push(error);
          return { ok: false as const, error };
        },
      );
      cache.set(entry.path, p);
    }
    return p;
  };
  const candidates = (key: string): SigEntry[] => {
    const { mc, pnTask } = splitKey(key);
    return (byTask.get(pnTask) ?? []).filter((e) => e.source === 'sstate' || e.mc === mc);
  };
  const findByHash = async (key: string, hash: string): Promise<SigFile | undefined> => {
    const { mc, pnTask } = splitKey(key);
    const named = (byHash.get(hash) ?? []).filter(
      (e) => `${e.pn}:${e.task}` === pnTask && (e.source === 'sstate' || e.mc === mc),
    );
    // Stamps before sstate, as bitbake-diffsigs searches them.
    named.sort((x, y) => (x.source === y.source ? 0 : x.source === 'stamps' ? -1 : 1));
    for (const e of named) {
      const r = await load(e);
      if (r.ok) return r.value;
    }
    for (const e of candidates(key)) {
      if (e.fileHash === hash) continue;
      const r = await load(e);
      if (r.ok && (r.value.data.unihash === hash || r.value.data.taskhash === hash)) return r.value;
    }
    return undefined;
  };
  const current = async (key: string): Promise<SigFile | undefined> => {
    const t = tasks.get(key);
    if (t?.stampHash) {
      const s = await findByHash(key, t.stampHash);
      if (s) return s;
    }
    const newest = await newestFirst(
      candidates(key).filter((e) => e.source === 'stamps'),
      mtime,
    );
    for (const e of newest) {
      const r = await load(e);
      if (r.ok) return r.value;
    }
    return undefined;
  };
  const publicTasks = new Map([...tasks].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
  const mtimes = new Map<string, Promise<number>>();
  const mtime = (e: SigEntry): Promise<number> => {
    let p = mtimes.get(e.path);
    if (!p) {
      p = mtimeOf(e.path);
      mtimes.set(e.path, p);
    }
    return p;
  };
  return {
    root: abs,
    tasks: publicTasks,
    entries,
    sstateObjects,
    problems,
    loadErrors: () => [...failures],
    mtime,
    load,
    findByHash,
    current,
    candidates,
  };
}

/** Entries sorted newest first by mtime. */
export async function newestFirst(
  entries: SigEntry[],
  mtime: (e: SigEntry) => Promise<number>,
): Promise<SigEntry[]> {
  const times = await Promise.all(entries.map(mtime));
  return entries
    .map((e, i) => ({ e, t: times[i]! }))
    .sort((x, y) => y.t - x.t)
    .map((x) => x.e);
}

function mtimeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

function splitKey(key: string): { mc: string; pnTask: string } {
  const m = /^mc:([^:]*):(.*)$/.exec(key);
  return m ? { mc: m[1]!, pnTask: m[2]! } : { mc: '', pnTask: key };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function withFile(info: ErrorInfo, file: string): ErrorInfo {
  return info.where?.file ? info : { ...info, where: { ...info.where, file } };
}

async function listDir(dir: string, problems: ErrorInfo[]) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      problems.push({
        code: 'PERMISSION_DENIED',
        message: `Cannot list ${dir}: ${code}`,
        where: { file: dir },
      });
    return [];
  }
}

async function scanSstate(
  dir: string,
  entries: SigEntry[],
  objects: Set<string>,
  problems: ErrorInfo[],
  signal: AbortSignal | undefined,
  depth: number,
): Promise<void> {
  // Layouts have been flat, one and two levels deep, plus a NATIVELSBSTRING level: 4 is plenty.
  if (depth > 4) return;
  throwIfCancelled(signal, 'Indexing sstate');
  for (const f of await listDir(dir, depth === 0 ? [] : problems)) {
    const file = path.join(dir, f.name);
    if (f.isDirectory()) {
      await scanSstate(file, entries, objects, problems, signal, depth + 1);
      continue;
    }
    if (!f.isFile()) continue;
    const sig = parseSstateSigName(f.name);
    if (sig) {
      entries.push({
        path: file,
        source: 'sstate',
        mc: '',
        pn: sig.pn,
        task: sig.task,
        fileHash: sig.hash,
      });
      continue;
    }
    const archive = parseSstateArchiveName(f.name);
    if (archive) objects.add(`${archive.pn}:${archive.hash}_${archive.task}`);
  }
}

/** BBMULTICONFIG from conf/local.conf (a plain assignment; good enough to name tmp dirs). */
async function readMulticonfigs(root: string): Promise<string[]> {
  const text = await readFile(path.join(root, 'conf', 'local.conf'), 'utf8').catch(() => '');
  const m = /^\s*BBMULTICONFIG\s*\??[+:.]?=\s*"([^"]*)"/m.exec(text);
  return m ? m[1]!.split(/\s+/).filter(Boolean) : [];
}

/** `tmp` is the default configuration; `tmp-<mc>` (or `tmp<mc>`, `tmp_<mc>`) a multiconfig's TMPDIR. */
function multiconfigOf(tmpName: string, mcs: string[]): string {
  if (tmpName === 'tmp') return '';
  for (const mc of mcs)
    if (tmpName === `tmp-${mc}` || tmpName === `tmp_${mc}` || tmpName === `tmp${mc}`) return mc;
  const m = /^tmp[-_](.+)$/.exec(tmpName);
  return m ? m[1]! : '';
}
