/**
 * Where the function's inputs come from when the user has only files: the sstate archive's name
 * (task, SSTATE_PKGSPEC), a depsig.do_<task> file (header values, owners, the top directory's
 * attributes), and a .siginfo/.sigdata file (task name).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { InspectorError } from '../../../shared/model/errors';
import { parseSigtext, type ParsedSigtext } from '../../../shared/model/outhash-sigtext';
import {
  fromWslFileName,
  parseSstateName,
  SSTATE_ARCHIVE_NAME_LIMIT,
} from '../../../shared/model/sstate-name';
import type { RootAttributes } from './archive-source';
import type { OuthashParams } from './compute';

/** What an sstate archive's file name says: `<SSTATE_PKGSPEC><hash>_<task>.tar.zst`. */
export interface SstateArchiveName {
  pkgspec: string;
  hash: string;
  task: string;
  /** OE shortens names over 246 characters by cutting spec fields 3..5: the value may be incomplete. */
  maybeShortened: boolean;
}

const NAME = /^(sstate:.*:)([0-9a-f]{64})_([A-Za-z0-9_-]+?)(?:_setscene)?\.(?:tar\.zst|tgz|tar\.gz|tar)$/;

/**
 * Parses an sstate archive file name, or null when the name is not one. SSTATE_PKGSPEC is the
 * name's literal prefix up to the hash; whether it was shortened follows the shared grammar
 * (shared/model/sstate-name.ts, spec sstate-and-siginfo.md §2.1).
 */
export function parseSstateArchiveName(file: string): SstateArchiveName | null {
  // A name listed through \\wsl$ carries U+F03A for ':' (fromWslFileName).
  const base = fromWslFileName(path.basename(file));
  const m = NAME.exec(base);
  if (!m) return null;
  const grammar = parseSstateName(base);
  return {
    pkgspec: m[1] as string,
    hash: m[2] as string,
    task: m[3] as string,
    // Names the grammar does not cover (.tar, .tar.gz) keep the length test.
    maybeShortened: grammar.ok ? grammar.value.truncated : base.length >= SSTATE_ARCHIVE_NAME_LIMIT,
  };
}

/** Strips the do_ prefix BitBake never passes to the function. */
export function normaliseTask(task: string): string {
  return task.startsWith('do_') ? task.slice(3) : task;
}

/** Values found in a side file, to offer as defaults. */
export interface OfferedInputs {
  file: string;
  kind: 'depsig' | 'siginfo';
  values: Partial<OuthashParams>;
  /** The sigtext itself, for depsig files (what the build hashed). */
  sigtext?: string;
  /** How values were inferred, when not read literally. */
  notes: string[];
}

function permsToMode(perms: string): number {
  const bit = (i: number, c: string, v: number): number => (perms[i] === c ? v : 0);
  let m = bit(0, 'r', 0o400) | bit(1, 'w', 0o200);
  if ('xs'.includes(perms[2] ?? '-') && perms[2] !== '-') m |= 0o100;
  if ('sS'.includes(perms[2] ?? '-')) m |= 0o4000;
  if (perms.length < 9) return m | 0o055;
  m |= bit(3, 'r', 0o040) | bit(4, 'w', 0o020) | bit(6, 'r', 0o004) | bit(7, 'w', 0o002);
  if (perms[5] === 'x' || perms[5] === 's') m |= 0o010;
  if (perms[5] === 's' || perms[5] === 'S') m |= 0o2000;
  if (perms[8] === 'x') m |= 0o001;
  if (perms[8] === 't' || perms[8] === 'T') m |= 0o1000;
  return m;
}

/** Reads a depsig file; follows the `depsig.do_<task>` link (or a copy holding the link's text). */
export function readDepsigText(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InspectorError('NOT_FOUND', `Cannot read: ${(err as Error).message}`, { file });
  }
  const target = text.trim();
  if (!text.startsWith('OEOuthashBasic') && /^depsig\.do_[\w.-]+$/.test(target)) {
    const sibling = path.join(path.dirname(file), target);
    if (existsSync(sibling)) return readFileSync(sibling, 'utf8');
  }
  return text;
}

/** Inputs offered by a sigtext (a depsig file's content). */
export function inputsFromSigtext(text: string, file: string): OfferedInputs {
  const p: ParsedSigtext = parseSigtext(text, file);
  const notes: string[] = [];
  const values: Partial<OuthashParams> = {
    hashVersion: p.header.hashVersion,
    extraSigdata: p.header.extraSigdata,
    pkgspec: p.header.pkgspec,
  };
  if (p.header.task) values.task = p.header.task;
  if (p.format === '2019') values.format = '2019-original';
  const withOwners = p.entries.some((e) => e.owner !== undefined);
  values.underPseudo = withOwners;
  const top = p.entries.find((e) => e.path === '.');
  if (top) {
    const root: RootAttributes = {
      mode: permsToMode(top.permissions),
      user: top.owner ?? 'root',
      group: top.group ?? 'root',
      mtime: 0,
    };
    values.root = root;
  }
  if (p.header.task === 'package') {
    const times = p.entries.map((e) => Number(e.mtime)).filter((n) => Number.isFinite(n));
    if (times.length > 0) {
      values.sourceDateEpoch = String(Math.max(...times));
      notes.push(
        'SOURCE_DATE_EPOCH inferred as the latest timestamp in the depsig file (clamped values equal it)',
      );
    }
  }
  return { file, kind: 'depsig', values, sigtext: text, notes };
}

/** Largest depsig / sig file read whole (real ones are a few KiB to a few MiB). */
const MAX_SIG_FILE_BYTES = 256 * 1024 * 1024;
/** Largest decompressed siginfo JSON (the bound of sources/siginfo). */
const MAX_SIGINFO_JSON_BYTES = 64 * 1024 * 1024;

/** Inputs offered by a sig file: a depsig.do_* file, or a (zstd JSON) .siginfo / .sigdata. */
export function inputsFromSigFile(file: string): OfferedInputs {
  let raw: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > MAX_SIG_FILE_BYTES)
      throw new InspectorError('TOO_LARGE', `Sig file over ${MAX_SIG_FILE_BYTES} bytes`, { file });
    raw = readFileSync(file);
  } catch (err) {
    if (err instanceof InspectorError) throw err;
    throw new InspectorError('NOT_FOUND', `Cannot read sig file: ${(err as Error).message}`, { file });
  }
  if (raw.length >= 4 && raw.readUInt32LE(0) === 0xfd2fb528) {
    let data: { task?: unknown };
    try {
      // Bounded: the siginfo beside an archive is read automatically, a bomb must not fill the heap.
      const json = zstdDecompressSync(raw, { maxOutputLength: MAX_SIGINFO_JSON_BYTES });
      data = JSON.parse(json.toString('utf8')) as { task?: unknown };
    } catch (err) {
      if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new InspectorError('TOO_LARGE', `siginfo JSON over ${MAX_SIGINFO_JSON_BYTES} bytes`, {
          file,
        });
      throw new InspectorError('BAD_FORMAT', `Not a zstd JSON siginfo: ${(err as Error).message}`, { file });
    }
    const values: Partial<OuthashParams> = {};
    if (typeof data.task === 'string') values.task = normaliseTask(data.task);
    return {
      file,
      kind: 'siginfo',
      values,
      notes: ['a siginfo names the task; it carries no HASHEQUIV_* values'],
    };
  }
  return inputsFromSigtext(readDepsigText(file), file);
}

/**
 * Finds the build's depsig files for an archive that lies in `<builddir>/sstate-cache`: looks in
 * `<builddir>/tmp*\/work/<arch>/<pn>/<pv>/temp/` for `depsig.do_<task>` (the latest run) and
 * `depsig.do_<task>.<pid>` (every run) whose header names the same SSTATE_PKGSPEC and task.
 * The latest run comes first. Which run made the archive is only known by hashing it.
 */
export function findDepsigsForArchive(archive: string, builddir?: string): string[] {
  const name = parseSstateArchiveName(archive);
  if (!name) return [];
  const found: string[] = [];
  let dir = builddir;
  if (!dir) {
    let cur = path.dirname(path.resolve(archive));
    while (path.basename(cur) !== 'sstate-cache' && path.dirname(cur) !== cur) cur = path.dirname(cur);
    if (path.basename(cur) !== 'sstate-cache') return [];
    dir = path.dirname(cur);
  }
  const pn = name.pkgspec.split(':')[1] ?? '';
  const ls = (d: string): string[] => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  };
  const wanted = `depsig.do_${name.task}`;
  for (const tmp of ls(dir).filter((d) => d.startsWith('tmp'))) {
    for (const arch of ls(path.join(dir, tmp, 'work'))) {
      const pnDir = path.join(dir, tmp, 'work', arch, pn);
      for (const pv of ls(pnDir)) {
        const temp = path.join(pnDir, pv, 'temp');
        const files = ls(temp)
          .filter(
            (f) => f === wanted || (f.startsWith(wanted + '.') && /^\d+$/.test(f.slice(wanted.length + 1))),
          )
          .sort((a, b) => (a === wanted ? -1 : b === wanted ? 1 : a.localeCompare(b)));
        for (const f of files) {
          const text = readDepsigText(path.join(temp, f));
          if (text.includes(`\nSSTATE_PKGSPEC=${name.pkgspec}\ntask=${name.task}\n`))
            found.push(path.join(temp, f));
        }
      }
    }
  }
  return found;
}
