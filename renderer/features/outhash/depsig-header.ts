/**
 * The outhash inputs a depsig file records in its header (spec/outhash.md §3):
 * `OEOuthashBasic`, then the HASHEQUIV_HASH_VERSION line (F2+), HASHEQUIV_EXTRA_SIGDATA lines
 * (F9+), `SSTATE_PKGSPEC=<spec or None>` and `task=<task>`. Recomputing with these values is what
 * makes a computed outhash comparable with the recorded one. Pure.
 */

/** The header values, each absent when the header does not carry it. */
export interface DepsigHeader {
  hashVersion?: string;
  extraSigdata?: string;
  pkgspec?: string;
  task?: string;
}

/** Reads the header lines of a sigtext (stops at `task=`); unknown shapes give what was found. */
export function parseDepsigHeader(lines: readonly string[]): DepsigHeader {
  const out: DepsigHeader = {};
  if (lines[0] !== 'OEOuthashBasic') return out;
  const between: string[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('SSTATE_PKGSPEC=')) {
      const v = line.slice('SSTATE_PKGSPEC='.length);
      if (v !== 'None') out.pkgspec = v;
    } else if (line.startsWith('task=')) {
      out.task = line.slice('task='.length);
      break;
    } else if (!out.pkgspec) between.push(line);
  }
  // Before SSTATE_PKGSPEC: the version line (digits) first, then any extra sigdata lines.
  if (between[0] !== undefined && /^\d+$/.test(between[0])) out.hashVersion = between.shift()!;
  if (between.length > 0) out.extraSigdata = between.join('\n');
  return out;
}
