import type { SstateFile, SstateObject, SstateScan } from './sstate-types';

/** Aggregates of a scan, for the CLI summary and the UI's overview. */
export interface SstateSummary {
  objects: number;
  /** Regular files seen, including ignored ones. */
  files: number;
  ignoredFiles: number;
  directories: number;
  archives: number;
  siginfos: number;
  sigs: number;
  /** Objects that have a .siginfo (or .sig) but no archive. */
  withoutArchive: number;
  /** Objects whose name was shortened to fit 254 bytes. */
  truncatedNames: number;
  archiveBytes: number;
  totalBytes: number;
  /** Task (without do_) -> number of objects; keys sorted. */
  byTask: Record<string, number>;
  /** SSTATE_PKGARCH -> number of objects ('' = software spec, e.g. populate_lic); keys sorted. */
  byArch: Record<string, number>;
  /** Extra path ('' = none, `universal`, a host distro id) -> objects; keys sorted. */
  byExtraPath: Record<string, number>;
  /** Layout -> objects. */
  byLayout: Record<string, number>;
  problems: number;
}

/** One object as plain, flat JSON (the CLI's `--json` object list). */
export interface SstateObjectRow {
  key: string;
  dir: string;
  extraPath: string;
  layout: string;
  pn: string;
  archspec: string;
  pv: string;
  pr: string;
  pkgarch: string;
  sstateVersion: string;
  unihash: string;
  task: string;
  compression: string;
  truncated: boolean;
  archive: SstateFile | null;
  siginfo: SstateFile | null;
  sig: SstateFile | null;
}

/** Counts objects per task, arch, extra path and layout, and sums sizes. */
export function summarizeSstateScan(scan: SstateScan): SstateSummary {
  const byTask = new Map<string, number>();
  const byArch = new Map<string, number>();
  const byExtra = new Map<string, number>();
  const byLayout = new Map<string, number>();
  let archives = 0;
  let siginfos = 0;
  let sigs = 0;
  let withoutArchive = 0;
  let truncatedNames = 0;
  let archiveBytes = 0;
  let totalBytes = 0;
  for (const o of scan.objects) {
    inc(byTask, o.name.task);
    inc(byArch, o.name.pkgarch);
    inc(byExtra, o.extraPath);
    inc(byLayout, o.layout);
    if (o.archive) {
      archives++;
      archiveBytes += o.archive.size;
      totalBytes += o.archive.size;
    } else withoutArchive++;
    if (o.siginfo) {
      siginfos++;
      totalBytes += o.siginfo.size;
    }
    if (o.sig) {
      sigs++;
      totalBytes += o.sig.size;
    }
    if (o.name.truncated) truncatedNames++;
  }
  return {
    objects: scan.objects.length,
    files: scan.filesSeen,
    ignoredFiles: scan.ignoredFiles,
    directories: scan.directories,
    archives,
    siginfos,
    sigs,
    withoutArchive,
    truncatedNames,
    archiveBytes,
    totalBytes,
    byTask: sortedRecord(byTask),
    byArch: sortedRecord(byArch),
    byExtraPath: sortedRecord(byExtra),
    byLayout: sortedRecord(byLayout),
    problems: scan.problems.length,
  };
}

/** Flattens an object for JSON output: name fields at top level, missing files as null. */
export function sstateObjectRow(o: SstateObject): SstateObjectRow {
  const n = o.name;
  return {
    key: o.key,
    dir: o.dir,
    extraPath: o.extraPath,
    layout: o.layout,
    pn: n.pn,
    archspec: n.archspec,
    pv: n.pv,
    pr: n.pr,
    pkgarch: n.pkgarch,
    sstateVersion: n.sstateVersion,
    unihash: n.unihash,
    task: n.task,
    compression: o.compression,
    truncated: n.truncated,
    archive: o.archive ?? null,
    siginfo: o.siginfo ?? null,
    sig: o.sig ?? null,
  };
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}
