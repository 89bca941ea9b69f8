/**
 * Reads every source of one build with the readers of electron/services/sources and hands their
 * records to the TaskIndex as facts. One failing source becomes a SourceInfo with status 'error';
 * the others are still indexed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InspectorError, toErrorInfo } from '../../../shared/model/errors';
import type { ErrorInfo } from '../../../shared/model/errors';
import type { ProgressFn } from '../../../shared/model/progress';
import type { SourceInfo, SourceKind } from '../../../shared/model/sources';
import { throwIfCancelled } from '../jobs/cancel';
import { readDepsigText, scanDepsigs } from '../sources/depsig';
import { openPersistData } from '../sources/persist-data';
import { readSigFile } from '../sources/siginfo/read-sig-file';
import { parseSigFileName } from '../sources/siginfo/sig-file-name';
import { scanSstateDir } from '../sources/sstate/scan-sstate-dir';
import { scanStamps } from '../sources/stamps';
import { classifyFile, discoverBuild } from '../sources/discovery';
import type { FileFact, TaskIndex, UnihashFact } from './task-index';
import { pnFromRecipeFile, readUnihashCacheFacts } from './unihash-cache-facts';

/** Options of a long load. */
export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** What loading one build found. */
export interface LoadedBuild {
  inputs: string[];
  root: string | null;
  multiconfigs: string[];
  sources: SourceInfo[];
  warnings: ErrorInfo[];
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Discovers and reads the sources of `paths` into `index` under `build`. */
export async function loadBuild(
  index: TaskIndex,
  build: string,
  paths: readonly string[],
  opts: LoadOptions = {},
): Promise<LoadedBuild> {
  const warnings: ErrorInfo[] = [];
  const sources: SourceInfo[] = [];
  const multiconfigs = new Set<string>();
  let root: string | null = null;
  const inputs: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    inputs.push(abs);
    try {
      const found = await discoverBuild(abs, { signal: opts.signal, onProgress: opts.onProgress });
      root ??= found.root;
      for (const mc of found.multiconfigs) multiconfigs.add(mc.name);
      warnings.push(...found.warnings);
      for (const s of found.sources)
        if (!sources.some((x) => x.path === s.path && x.kind === s.kind)) sources.push(s);
    } catch (err) {
      if (err instanceof InspectorError && err.code === 'CANCELLED') throw err;
      sources.push({ kind: kindOfInput(abs), path: abs, status: 'error', error: toErrorInfo(err) });
    }
  }
  let done = 0;
  for (const s of sources) {
    throwIfCancelled(opts.signal, 'Indexing');
    opts.onProgress?.({ phase: 'index', done, total: sources.length, current: s.path });
    done++;
    if (s.status === 'error') continue;
    try {
      await loadSource(index, build, s, opts, warnings);
    } catch (err) {
      if (err instanceof InspectorError && err.code === 'CANCELLED') throw err;
      s.status = 'error';
      s.error = toErrorInfo(err);
    }
  }
  opts.onProgress?.({ phase: 'index', done, total: sources.length });
  return { inputs, root, multiconfigs: [...multiconfigs].sort(), sources, warnings };
}

async function loadSource(
  index: TaskIndex,
  build: string,
  s: SourceInfo,
  opts: LoadOptions,
  warnings: ErrorInfo[],
): Promise<void> {
  const src = index.addSource(build, s.kind, s.path);
  // Discovery's probe already counted most sources; keep its figures, fill in where it had none.
  const setCounts = (counts: Record<string, number>) => {
    if (s.counts && Object.keys(s.counts).length > 0) return;
    s.counts = counts;
    if (Object.values(counts).every((n) => n === 0)) s.status = 'empty';
  };
  switch (s.kind) {
    case 'hashserv-db': {
      const r = index.ingestHashserv(build, src, s.path);
      s.detected = { release: RELEASE_OF_SCHEMA[r.schema], ...s.detected, schema: r.schema };
      setCounts({ unihashes: r.unihashRows, outhashes: r.outhashRows });
      return;
    }
    case 'unihash-cache': {
      const cache = readUnihashCacheFacts(s.path);
      s.detected = { ...s.detected, version: cache.version };
      index.addUnihashFacts(build, src, 'unihash-cache', cache.facts);
      setCounts({
        entries: cache.facts.length,
        remapped: cache.facts.filter((f) => f.taskhash !== f.unihash).length,
      });
      return;
    }
    case 'persist-data': {
      const db = openPersistData(s.path);
      try {
        const facts: UnihashFact[] = [];
        for (const e of db.iterateUnihashCache({
          signal: opts.signal,
          onBadEntry: (w) => warnings.push(w),
        })) {
          facts.push({
            method: e.methodInTable,
            mc: e.mc,
            pn: pnFromRecipeFile(`${e.variant ? `virtual:${e.variant}:` : ''}${path.basename(e.recipeFile)}`),
            task: e.task,
            taskhash: e.taskhash,
            unihash: e.unihash,
          });
        }
        index.addUnihashFacts(build, src, 'persist-data', facts);
        s.detected = {
          ...s.detected,
          journal: db.plan.journal,
          release: 'BitBake 1.42 - 2.10 (persist_data)',
        };
        setCounts({ unihashes: facts.length, domains: db.domains().length });
      } finally {
        db.close();
      }
      return;
    }
    case 'stamps-dir': {
      const files: FileFact[] = [];
      const facts: UnihashFact[] = [];
      let stamps = 0;
      let sigdata = 0;
      for (const r of scanStamps(s.path, {
        mc: s.mc ?? '',
        signal: opts.signal,
        onWarning: (w) => warnings.push(w),
      })) {
        const fact: FileFact = {
          kind: r.kind,
          mc: r.mc,
          pn: r.pn,
          task: r.task,
          hash: r.hash,
          path: r.path,
          mtimeMs: r.mtimeMs,
        };
        if (r.kind === 'sigdata') {
          sigdata++;
          // The content knows the taskhash and unihash; the name only one of them (spec §D.2).
          try {
            const sig = await readSigFile(r.path, { signal: opts.signal });
            if (sig.data.taskhash) {
              fact.taskhash = sig.data.taskhash;
              if (sig.data.unihash) {
                facts.push({
                  mc: r.mc,
                  pn: r.pn,
                  task: r.task,
                  taskhash: sig.data.taskhash,
                  unihash: sig.data.unihash,
                });
              }
            }
          } catch (err) {
            if (err instanceof InspectorError && err.code === 'CANCELLED') throw err;
            warnings.push(toErrorInfo(err));
          }
        } else if (r.kind === 'stamp' || r.kind === 'setscene') stamps++;
        files.push(fact);
      }
      index.addFiles(build, src, files);
      index.addUnihashFacts(build, src, 'stamps-dir', facts);
      setCounts({ files: files.length, stamps, sigdata });
      return;
    }
    case 'depsig': {
      const files: FileFact[] = [];
      let tasks = 0;
      for (const r of scanDepsigs(s.path, {
        mc: s.mc ?? '',
        signal: opts.signal,
        onWarning: (w) => warnings.push(w),
      })) {
        tasks++;
        // Every pid file is one report; its text's sha256 is the outhash it reported (§7).
        for (const target of [r.target, ...r.olderTargets]) {
          if (!target) continue;
          try {
            const text = readDepsigText({ target });
            files.push({
              kind: 'depsig',
              mc: r.mc,
              pn: r.pn,
              task: r.task,
              hash: null,
              outhash: sha256(text),
              path: target,
            });
          } catch (err) {
            warnings.push(toErrorInfo(err));
          }
        }
      }
      index.addFiles(build, src, files);
      setCounts({ tasks, files: files.length });
      return;
    }
    case 'sstate-dir': {
      const scan = await scanSstateDir(s.path, { signal: opts.signal, onProgress: opts.onProgress });
      const files: FileFact[] = [];
      for (const o of scan.objects) {
        const base = { mc: null, pn: o.name.pn, task: `do_${o.name.task}`, hash: o.name.unihash };
        if (o.archive)
          files.push({
            ...base,
            kind: 'sstate',
            path: path.join(scan.root, o.archive.relPath),
            mtimeMs: o.archive.mtimeMs,
          });
        if (o.siginfo)
          files.push({
            ...base,
            kind: 'siginfo',
            path: path.join(scan.root, o.siginfo.relPath),
            mtimeMs: o.siginfo.mtimeMs,
          });
      }
      for (const p of scan.problems)
        warnings.push({ code: p.code, message: p.message, where: { file: path.join(scan.root, p.path) } });
      index.addFiles(build, src, files);
      setCounts({
        objects: scan.objects.length,
        archives: scan.objects.filter((o) => o.archive).length,
        siginfo: scan.objects.filter((o) => o.siginfo).length,
      });
      return;
    }
    case 'sig-file': {
      const sig = await readSigFile(s.path, { signal: opts.signal });
      const name = parseSigFileName(path.basename(s.path));
      // sstate names carry PN; a stamps-dir file lives in <arch>/<PN>/.
      const pn = name?.pn ?? path.basename(path.dirname(s.path));
      if (sig.data.taskhash && sig.data.unihash) {
        index.addUnihashFacts(build, src, 'sig-file', [
          { mc: s.mc ?? '', pn, task: sig.data.task, taskhash: sig.data.taskhash, unihash: sig.data.unihash },
        ]);
      }
      setCounts({ signatures: 1 });
      return;
    }
    case 'conf': {
      readFileSync(s.path, 'utf8');
      return;
    }
    case 'sstate-archive':
    case 'eventlog':
      // Opened on demand by the outhash and event-log features; nothing to index.
      return;
    default: {
      const never: never = s.kind;
      throw new InspectorError('INTERNAL', `Unknown source kind ${String(never)}`);
    }
  }
}

/** The kind to show for an input that could not even be classified. */
function kindOfInput(file: string): SourceKind {
  try {
    return classifyFile(file) ?? 'conf';
  } catch {
    return 'conf';
  }
}

/** Human hint of the BitBake era per hashserv schema (spec §C.3). */
const RELEASE_OF_SCHEMA = {
  tasks_v1: 'BitBake 1.42 (HTTP server)',
  tasks_v2: 'BitBake 1.44 - 1.50',
  split_v2: 'BitBake 1.52 - 2.6',
  v3: 'BitBake >= 2.8',
} as const;
