/**
 * Build-directory discovery: from anything a user may drop (a build dir, its tmp/, cache/, an
 * sstate dir, conf/, one file) find the build root (TOPDIR), read the conf assignments that
 * locate things, and list every source with a quick status. Read-only: listings, lstat and the
 * readers' read-only opens only. Walks are depth-bounded and never follow symlinks; only paths
 * named by the configuration (SSTATE_DIR=/srv/sstate, a symlinked TMPDIR) are resolved.
 */
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorInfo } from '../../../../shared/model/errors';
import { toErrorInfo } from '../../../../shared/model/errors';
import type { ProgressFn } from '../../../../shared/model/progress';
import type {
  BuildDiscovery,
  BuildPaths,
  ConfVariables,
  MulticonfigInfo,
  SourceInfo,
} from '../../../../shared/model/sources';
import { throwIfCancelled } from '../../jobs/cancel';
import { evaluateConf } from '../build-conf/conf-eval';
import { parseConf, type ParsedConf } from '../build-conf/conf-parser';
import { fsErrorToInspector } from '../local-fs/fs-errors';
import { readDirSafe } from '../local-fs/safe-dir';
import { ancestorDirs, resolveConfPath } from './build-paths';
import { classifyFile } from './classify-path';
import {
  probeDepsigs,
  probeHashservDb,
  probePersistData,
  probePlainFile,
  probeSstateDir,
  probeStampsDir,
  probeUnihashCache,
} from './probe-source';

/** Options of `discoverBuild`. */
export interface DiscoverOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** How many parent directories to search for conf/local.conf (default 8). */
  maxUp?: number;
}

/** Conf files of the default configuration, in the order OE-Core's bitbake.conf includes them. */
const BASE_CONF_FILES = ['site.conf', 'auto.conf', 'local.conf'];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A dir that looks like TOPDIR even without conf/: cache or sstate-cache beside a tmp* dir. */
function looksLikeBuildDir(dir: string): boolean {
  const names = new Set(readDirSafe(dir).map((e) => e.name));
  const hasTmp = [...names].some((n) => /^tmp(-.+)?$/.test(n) && isDir(path.join(dir, n, 'stamps')));
  return hasTmp && (names.has('cache') || names.has('sstate-cache') || names.has('conf'));
}

/** Finds TOPDIR from a dropped path: the nearest ancestor with conf/local.conf, else by layout. */
export function findBuildRoot(
  input: string,
  maxUp = 8,
): { root: string | null; evidence: BuildDiscovery['rootEvidence'] } {
  const chain = ancestorDirs(isDir(input) ? input : path.dirname(input), maxUp);
  for (const d of chain)
    if (isFile(path.join(d, 'conf', 'local.conf'))) return { root: d, evidence: 'conf/local.conf' };
  for (const d of chain) if (looksLikeBuildDir(d)) return { root: d, evidence: 'layout' };
  return { root: null, evidence: 'none' };
}

function readConf(file: string, warnings: ErrorInfo[]): ParsedConf | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = parseConf(readFileSync(file, 'utf8'), file);
    for (const e of parsed.errors) {
      warnings.push({
        code: 'BAD_FORMAT',
        message: `Line not understood: ${e.text}`,
        where: { file, line: e.line },
      });
    }
    return parsed;
  } catch (err) {
    warnings.push(fsErrorToInspector(err, file).toInfo());
    return null;
  }
}

function pathOf(vars: ConfVariables, name: string, warnings: ErrorInfo[], topdir: string): string | null {
  const v = vars.values[name]?.trim();
  if (!v) return null;
  if (vars.unexpanded.includes(name)) {
    warnings.push({
      code: 'UNSUPPORTED',
      message: `${name} = "${v}" could not be fully expanded; not used.`,
    });
    return null;
  }
  return resolveConfPath(v, topdir);
}

/** Local directories named by SSTATE_MIRRORS (`file://` URLs, `/PATH` suffix removed). */
export function localSstateMirrors(value: string | undefined): string[] {
  if (!value) return [];
  const words = value
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/\\n$/, ''));
  const out: string[] = [];
  for (let i = 1; i < words.length; i += 2) {
    const url = words[i] ?? '';
    if (!url.startsWith('file://')) continue;
    const p = url
      .slice('file://'.length)
      .replace(/\/PATH(;.*)?$/, '')
      .replace(/;.*$/, '');
    if (p.startsWith('/')) out.push(p);
  }
  return out;
}

/** Discovers the build around `input`. Never throws for bad sources: they carry status 'error'. */
export async function discoverBuild(input: string, options: DiscoverOptions = {}): Promise<BuildDiscovery> {
  const { signal, onProgress } = options;
  const warnings: ErrorInfo[] = [];
  const warn = (w: ErrorInfo): void => {
    warnings.push(w);
  };
  const abs = path.resolve(input);
  let real = abs;
  try {
    lstatSync(abs);
    real = realpathSync(abs); // the dropped path itself may be a symlink: resolve it once
  } catch (err) {
    throw fsErrorToInspector(err, abs);
  }
  const { root, evidence } = findBuildRoot(real, options.maxUp);
  const sources: SourceInfo[] = [];
  const seen = new Set<string>();
  const add = (info: SourceInfo): void => {
    const key = `${info.kind}\0${info.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    sources.push(info);
    onProgress?.({ phase: 'discover', done: sources.length, current: info.path });
  };

  const emptyConf: ConfVariables = { values: {}, assignments: [], unexpanded: [] };
  const result: BuildDiscovery = {
    input: abs,
    root,
    rootEvidence: evidence,
    conf: emptyConf,
    paths: { topdir: root, tmpdir: null, persistentDir: null, sstateDir: null },
    multiconfigs: [],
    sources,
    warnings,
  };

  if (root === null) {
    addStandalone(real, add, warn);
    return result;
  }

  // Configuration.
  const confDir = path.join(root, 'conf');
  const baseConfs: ParsedConf[] = [];
  for (const name of BASE_CONF_FILES) {
    const parsed = readConf(path.join(confDir, name), warnings);
    if (parsed) {
      baseConfs.push(parsed);
      add({ ...probePlainFile('conf', parsed.file), counts: { assignments: parsed.assignments.length } });
    }
  }
  const topdirSeed = { TOPDIR: root };
  const conf = evaluateConf(baseConfs, topdirSeed);
  result.conf = conf;
  const paths: BuildPaths = {
    topdir: root,
    tmpdir: pathOf(conf, 'TMPDIR', warnings, root),
    persistentDir: pathOf(conf, 'PERSISTENT_DIR', warnings, root),
    sstateDir: pathOf(conf, 'SSTATE_DIR', warnings, root),
  };
  for (const [key, name] of [
    ['hashserve', 'BB_HASHSERVE'],
    ['hashserveUpstream', 'BB_HASHSERVE_UPSTREAM'],
    ['signatureHandler', 'BB_SIGNATURE_HANDLER'],
    ['sstateMirrors', 'SSTATE_MIRRORS'],
  ] as const) {
    const v = conf.values[name];
    if (v !== undefined) paths[key] = v.trim();
  }
  result.paths = paths;

  // Multiconfigs: conf/multiconfig/<mc>.conf evaluated after the base files.
  const mcNames = (conf.values.BBMULTICONFIG ?? '').split(/\s+/).filter(Boolean);
  const tmpdirs: Array<{ dir: string; mc: string }> = [];
  if (paths.tmpdir) tmpdirs.push({ dir: paths.tmpdir, mc: '' });
  for (const mc of mcNames) {
    throwIfCancelled(signal, 'Discovery');
    const file = path.join(confDir, 'multiconfig', `${mc}.conf`);
    const parsed = readConf(file, warnings);
    const info: MulticonfigInfo = {
      name: mc,
      variables: evaluateConf(parsed ? [...baseConfs, parsed] : baseConfs, topdirSeed),
    };
    if (parsed) {
      info.confFile = file;
      add({ ...probePlainFile('conf', file, mc), counts: { assignments: parsed.assignments.length } });
    }
    let tmp = parsed ? pathOf(info.variables, 'TMPDIR', warnings, root) : null;
    // Without its conf file we can only recognise the usual naming, tmp-<mc>.
    if (!tmp || tmp === paths.tmpdir)
      tmp = isDir(path.join(root, `tmp-${mc}`)) ? path.join(root, `tmp-${mc}`) : tmp;
    if (tmp) {
      info.tmpdir = tmp;
      if (!tmpdirs.some((t) => t.dir === tmp)) tmpdirs.push({ dir: tmp, mc });
    }
    result.multiconfigs.push(info);
  }
  // Any other tmp* dir with stamps (OE-Core without poky uses tmp-glibc / tmp-musl).
  for (const e of readDirSafe(root, warn)) {
    if (e.kind === 'dir' && /^tmp(-.+)?$/.test(e.name) && !tmpdirs.some((t) => t.dir === e.path)) {
      if (isDir(path.join(e.path, 'stamps')) || isDir(path.join(e.path, 'work'))) {
        const guess = e.name.startsWith('tmp-') && mcNames.includes(e.name.slice(4)) ? e.name.slice(4) : '';
        tmpdirs.push({ dir: e.path, mc: guess });
      }
    }
  }

  // Caches: PERSISTENT_DIR first, then ${TMPDIR}/cache (BitBake's fallback), BB_HASHSERVE_DB_DIR.
  const cacheDirs = [paths.persistentDir, ...tmpdirs.map((t) => path.join(t.dir, 'cache'))];
  const dbDir = conf.values.BB_HASHSERVE_DB_DIR?.trim();
  if (dbDir && !conf.unexpanded.includes('BB_HASHSERVE_DB_DIR'))
    cacheDirs.unshift(resolveConfPath(dbDir, root));
  for (const dir of cacheDirs) {
    if (!dir || !isDir(dir)) continue;
    throwIfCancelled(signal, 'Discovery');
    const f = (n: string): string => path.join(dir, n);
    if (existsSync(f('hashserv.db'))) add(probeHashservDb(f('hashserv.db')));
    if (existsSync(f('bb_unihashes.dat'))) add(probeUnihashCache(f('bb_unihashes.dat')));
    if (existsSync(f('bb_persist_data.sqlite3'))) add(probePersistData(f('bb_persist_data.sqlite3')));
  }

  // Per configuration: stamps, depsig files, event logs.
  for (const t of tmpdirs) {
    throwIfCancelled(signal, 'Discovery');
    const stamps = path.join(t.dir, 'stamps');
    if (isDir(stamps)) add(probeStampsDir(stamps, t.mc, warn));
    const work = path.join(t.dir, 'work');
    if (isDir(work)) add(probeDepsigs(work, t.mc, warn));
    const evdir = path.join(t.dir, 'log', 'eventlog');
    for (const e of readDirSafe(evdir)) {
      if (e.kind === 'file' && e.name.endsWith('.json')) add(probePlainFile('eventlog', e.path, t.mc));
    }
  }

  // Shared state: SSTATE_DIR and local SSTATE_MIRRORS.
  const mirrors = localSstateMirrors(paths.sstateMirrors).map((m) => resolveConfPath(m, root));
  for (const dir of [paths.sstateDir, ...mirrors]) {
    if (dir && isDir(dir)) add(probeSstateDir(dir, warn));
  }

  // A single dropped file inside the build is listed too, if it is something else.
  if (isFile(real)) {
    const kind = classifyFile(real);
    if (kind && !sources.some((s) => s.path === real)) add(probeSingle(kind, real));
  }
  onProgress?.({ phase: 'discover', done: sources.length, total: sources.length });
  return result;
}

function probeSingle(kind: ReturnType<typeof classifyFile> & string, file: string): SourceInfo {
  switch (kind) {
    case 'hashserv-db':
      return probeHashservDb(file);
    case 'unihash-cache':
      return probeUnihashCache(file);
    case 'persist-data':
      return probePersistData(file);
    default:
      return probePlainFile(kind, file);
  }
}

/** Outside any build dir: describe the input itself (a file, a cache dir, stamps, sstate). */
function addStandalone(input: string, add: (s: SourceInfo) => void, warn: (w: ErrorInfo) => void): void {
  try {
    if (isFile(input)) {
      const kind = classifyFile(input);
      if (kind) add(probeSingle(kind, input));
      else warn({ code: 'UNSUPPORTED', message: 'Not a file the inspector reads.', where: { file: input } });
      return;
    }
    const entries = readDirSafe(input, warn);
    const names = new Set(entries.map((e) => e.name));
    if (path.basename(input) === 'stamps') add(probeStampsDir(input, '', warn));
    else if (names.has('stamps')) add(probeStampsDir(path.join(input, 'stamps'), '', warn));
    if (path.basename(input) === 'work') add(probeDepsigs(input, '', warn));
    else if (names.has('work')) add(probeDepsigs(path.join(input, 'work'), '', warn));
    for (const e of entries) {
      if (e.kind === 'file') {
        const kind = classifyFile(e.path);
        if (kind && kind !== 'sig-file' && kind !== 'sstate-archive') add(probeSingle(kind, e.path));
      }
    }
    const hex = entries.filter((e) => e.kind === 'dir' && /^[0-9a-f]{2}$/.test(e.name));
    if (hex.length > 0 || names.has('universal')) add(probeSstateDir(input, warn));
  } catch (err) {
    warn(toErrorInfo(err));
  }
}
