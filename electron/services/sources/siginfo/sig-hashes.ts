import { createHash } from 'node:crypto';
import type { SigData } from '../../../../shared/model/sigdata';
import { sortedPy } from './sig-normalize';

/** Hashes recomputed from a sig file's content (spec sstate-and-siginfo.md §5). */
export interface SigHashes {
  basehash: string;
  /** Only for runtime dumps (those with `runtaskdeps`). */
  taskhash?: string;
}

/** Options of {@link computeSigHashes}. */
export interface SigHashOptions {
  /**
   * Hash `./sub/dir/file` checksum names too (BitBake since 2023-08-22). Legacy pickle files
   * (BitBake ≤ 1.52) hashed checksums only: pass false for them. Default true.
   */
  hashFilePaths?: boolean;
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/**
 * Recomputes basehash and taskhash exactly as BitBake does from a task's signature data. Used to
 * check sig files and by the demo-build generator to write consistent files.
 *
 * basehash = sha256(varvals[task] + Σ over sorted taskdeps of (dep + varvals[dep] unless None));
 * taskhash = sha256(basehash + dependency hashes in runtaskdeps order + file checksums + taint).
 */
export function computeSigHashes(data: SigData, opts: SigHashOptions = {}): SigHashes {
  let s = data.varvals[data.task] ?? '';
  for (const dep of sortedPy(data.taskdeps)) {
    s += dep;
    const v = data.varvals[dep];
    if (v !== null && v !== undefined) s += v;
  }
  const basehash = sha256(s);
  if (!data.runtaskdeps) return { basehash };

  const hashFilePaths = opts.hashFilePaths ?? true;
  let t = basehash;
  for (const id of data.runtaskdeps) t += data.runtaskhashes?.[id] ?? '';
  for (const [name, cs] of data.fileChecksumValues ?? []) {
    if (!cs) continue; // BitBake skips files it could not checksum
    if (hashFilePaths && name.includes('./')) t += name;
    t += cs;
  }
  if (data.taint !== undefined)
    t += data.taint.startsWith('nostamp:') ? data.taint.slice('nostamp:'.length) : data.taint;
  return { basehash, taskhash: sha256(t) };
}
