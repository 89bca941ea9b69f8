/**
 * Quick probes that turn a path into a SourceInfo: is it readable, what version, how many
 * records. Each probe catches its own errors: a bad source shows as status 'error', never stops
 * discovery. Sources owned by other readers (sstate, sig files, event logs) get a cheap file-level
 * check only; their readers give the details.
 */
import { lstatSync, statSync } from 'node:fs';
import { toErrorInfo } from '../../../../shared/model/errors';
import type { SourceInfo, SourceKind } from '../../../../shared/model/sources';
import { scanDepsigs } from '../depsig/depsig-scanner';
import { openHashservDb } from '../hashserv-db/hashserv-db-reader';
import { fsErrorToInspector } from '../local-fs/fs-errors';
import { readDirSafe, type WarningFn } from '../local-fs/safe-dir';
import { openPersistData } from '../persist-data/persist-data-reader';
import { scanStamps } from '../stamps/stamps-scanner';
import { readUnihashCache } from '../unihashes/unihash-cache-reader';

/** Builds a SourceInfo, running `count` for the counts; errors become status 'error'. */
function probe(
  kind: SourceKind,
  path: string,
  mc: string | undefined,
  count: (info: SourceInfo) => Record<string, number>,
): SourceInfo {
  const info: SourceInfo = { kind, path, status: 'ok' };
  if (mc !== undefined) info.mc = mc;
  try {
    const st = statSync(path);
    info.mtimeMs = st.mtimeMs;
    if (st.isFile()) info.size = st.size;
    info.counts = count(info);
    const total = Object.values(info.counts).reduce((a, b) => a + b, 0);
    if (total === 0) info.status = 'empty';
  } catch (err) {
    info.status = 'error';
    info.error = toErrorInfo(fsErrorToInspector(err, path));
  }
  return info;
}

/** hashserv.db: schema, journal and row counts. */
export function probeHashservDb(path: string): SourceInfo {
  return probe('hashserv-db', path, undefined, (info) => {
    const db = openHashservDb(path);
    try {
      const s = db.counts();
      info.detected = { schema: db.schema, release: db.release, journal: db.plan.journal };
      if (db.plan.walIgnored) info.detected.walIgnored = true;
      return { unihashes: s.unihashRows, outhashes: s.outhashRows, distinctUnihashes: s.distinctUnihashes };
    } finally {
      db.close();
    }
  });
}

/** bb_unihashes.dat: version, entries, remapped entries. */
export function probeUnihashCache(path: string): SourceInfo {
  return probe('unihash-cache', path, undefined, (info) => {
    const f = readUnihashCache(path);
    info.detected = {
      version: f.version,
      release: f.version === '3' ? 'BitBake >= 1.44.2' : 'BitBake 1.44.0 - 1.44.1',
    };
    return { entries: f.entries.length, remapped: f.entries.filter((e) => e.taskhash !== e.unihash).length };
  });
}

/** bb_persist_data.sqlite3: unihash-cache rows, headrevs, other domains. */
export function probePersistData(path: string): SourceInfo {
  return probe('persist-data', path, undefined, (info) => {
    const db = openPersistData(path);
    try {
      info.detected = { release: 'BitBake <= 2.10 (persist_data)', journal: db.plan.journal };
      if (db.plan.walIgnored) info.detected.walIgnored = true;
      const counts = { unihashCache: 0, headrevs: 0, other: 0 };
      for (const d of db.domains()) {
        if (d.kind === 'unihash-cache') counts.unihashCache += d.rows;
        else if (d.kind === 'headrevs') counts.headrevs += d.rows;
        else counts.other += d.rows;
      }
      return counts;
    } finally {
      db.close();
    }
  });
}

/** A stamps dir: files per kind. */
export function probeStampsDir(path: string, mc: string, onWarning?: WarningFn): SourceInfo {
  return probe('stamps-dir', path, mc, () => {
    const counts = { stamp: 0, setscene: 0, sigdata: 0, sigbasedata: 0, taint: 0 };
    for (const s of scanStamps(path, { mc, onWarning })) counts[s.kind]++;
    return counts;
  });
}

/** The depsig files of one TMPDIR's work dir. */
export function probeDepsigs(workDir: string, mc: string, onWarning?: WarningFn): SourceInfo {
  return probe('depsig', workDir, mc, () => {
    let depsig = 0;
    let files = 0;
    for (const r of scanDepsigs(workDir, { mc, onWarning })) {
      depsig++;
      files += 1 + r.olderTargets.length;
    }
    return { depsig, files };
  });
}

const SSTATE_ARCHIVE = /\.(tar\.zst|tgz|tar\.gz)$/;

/**
 * An sstate dir: counts `sstate:*` archives and `.siginfo` files in `XX/YY/` and
 * `universal/XX/YY/` (plus flat files), by listing only: no file is opened.
 */
export function probeSstateDir(path: string, onWarning?: WarningFn): SourceInfo {
  return probe('sstate-dir', path, undefined, () => {
    const counts = { archives: 0, siginfo: 0 };
    const visit = (dir: string, depth: number): void => {
      for (const e of readDirSafe(dir, onWarning)) {
        if (e.kind === 'dir' && depth < 3) visit(e.path, depth + 1);
        else if (e.kind === 'file' && e.name.startsWith('sstate:')) {
          if (e.name.endsWith('.siginfo')) counts.siginfo++;
          else if (SSTATE_ARCHIVE.test(e.name)) counts.archives++;
        }
      }
    };
    visit(path, 0);
    return counts;
  });
}

/** A file another reader owns (event log, sig file, sstate archive, conf): existence and size. */
export function probePlainFile(kind: SourceKind, path: string, mc?: string): SourceInfo {
  return probe(kind, path, mc, (info) => {
    if (!lstatSync(path).isFile())
      throw fsErrorToInspector(Object.assign(new Error('not a file'), { code: 'EISDIR' }), path);
    return { bytes: info.size ?? 0 };
  });
}
