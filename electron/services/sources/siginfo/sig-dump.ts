import type { SigFile } from '../../../../shared/model/sigdata';
import { pyRepr, type PyReprValue } from './python-repr';
import { compareCodePoints, sortedPy } from './sig-normalize';

/**
 * The text `bitbake-dumpsig FILE` prints for a sig file (spec §8, fixture
 * `siginfo/expected/*.dump.txt`), byte for byte for modern files. Legacy files are printed in the
 * same modern form (BitBake 1.52 printed its sets in Python's random set order).
 */
export function formatSigDump(sig: SigFile): string {
  const d = sig.data;
  const out: string[] = [];
  out.push(`basehash_ignore_vars: ${pyRepr(sortedPy(d.basehashIgnoreVars))}`);
  out.push(
    `taskhash_ignore_tasks: ${pyRepr(d.taskhashIgnoreTasks === null ? [] : sortedPy([...d.taskhashIgnoreTasks]))}`,
  );
  out.push(`Task dependencies: ${pyRepr(sortedPy(d.taskdeps))}`);
  out.push(`basehash: ${d.basehash}`);
  for (const v of sortedPy(Object.keys(d.gendeps))) {
    out.push(`List of dependencies for variable ${v} is ${pyRepr(sortedPy(d.gendeps[v] ?? []))}`);
  }
  for (const v of sortedPy(Object.keys(d.varvals))) {
    out.push(`Variable ${v} value is ${d.varvals[v] ?? 'None'}`);
  }
  if (d.runtaskdeps) out.push(`Tasks this task depends on: ${pyRepr(sortedPy(d.runtaskdeps))}`);
  if (d.fileChecksumValues) {
    const files = [...d.fileChecksumValues].sort(
      (a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1] ?? '', b[1] ?? ''),
    );
    out.push(`This task depends on the checksums of files: ${pyRepr(files as PyReprValue[])}`);
  }
  if (d.runtaskhashes) {
    for (const id of sortedPy(Object.keys(d.runtaskhashes))) {
      out.push(`Hash for dependent task ${id} is ${d.runtaskhashes[id]}`);
    }
  }
  if (d.taint !== undefined) {
    const taint = d.taint.startsWith('nostamp:') ? `nostamp(uuid4):${d.taint.slice(8)}` : d.taint;
    out.push(`Tainted (by forced/invalidated task): ${taint}`);
  }
  out.push(`Computed base hash is ${sig.computedBasehash} and from file ${d.basehash}`);
  if (sig.computedTaskhash !== undefined) out.push(`Computed task hash is ${sig.computedTaskhash}`);
  return out.join('\n') + '\n';
}

/**
 * Our check lines after the dump: whether the recomputed hashes equal the recorded ones, and what
 * the hash in the file name is (the unihash at write time, which may be a remapped one).
 */
export function formatSigChecks(sig: SigFile): string {
  const d = sig.data;
  const lines: string[] = [];
  lines.push(
    `Basehash check: ${sig.basehashMatches ? 'OK' : 'MISMATCH'} (computed ${sig.computedBasehash}, file ${d.basehash})`,
  );
  if (sig.computedTaskhash !== undefined) {
    lines.push(
      `Taskhash check: ${sig.taskhashMatches ? 'OK' : 'MISMATCH'} (computed ${sig.computedTaskhash}, file ${d.taskhash ?? 'none'})`,
    );
  } else {
    lines.push('Taskhash check: not applicable (no runtime dependencies recorded)');
  }
  if (d.unihash !== undefined) {
    lines.push(
      `Unihash in file: ${d.unihash}${d.unihash === d.taskhash ? ' (same as taskhash)' : ' (remapped by hash equivalence)'}`,
    );
  }
  if (sig.nameHash !== undefined) {
    const role =
      sig.nameHash === d.unihash
        ? 'the unihash'
        : sig.nameHash === d.taskhash
          ? 'the taskhash'
          : sig.nameHash === d.basehash
            ? 'the basehash'
            : 'neither taskhash, unihash nor basehash in the file';
    lines.push(`Hash in file name: ${sig.nameHash} (${role})`);
  }
  return lines.join('\n') + '\n';
}
