/**
 * The sstate object file name grammar (spec sstate-and-siginfo.md §2):
 *
 *   sstate:<PN>:<ARCHSPEC>:<PV>:<PR>:<PKGARCH>:<VERSION>:<hash>_<task><ext>
 *
 * Pure functions only: used by the sstate scanner, the siginfo reader and the UI alike.
 */

/** What one file of an sstate object holds. */
export type SstateFileKind = 'archive' | 'siginfo' | 'sig';

/** Archive compression: `.tar.zst` (kirkstone 4.0+) or `.tgz` (before). */
export type SstateCompression = 'zst' | 'tgz';

/** The fields of one sstate file name. */
export interface SstateName {
  pn: string;
  /** `${PACKAGE_ARCH}${TARGET_VENDOR}-${TARGET_OS}`, e.g. `core2-64-poky-linux`; '' for the software spec. */
  archspec: string;
  pv: string;
  pr: string;
  /** SSTATE_PKGARCH (`core2-64`, `x86_64`, `allarch`); '' for the software spec. */
  pkgarch: string;
  /** SSTATE_VERSION as written (`14` on master). */
  sstateVersion: string;
  /** The task's unihash (taskhash before hash equivalence), or 'INVALID' when BitBake had none. */
  unihash: string;
  /** Task name without `do_`, e.g. `populate_sysroot`. */
  task: string;
  kind: SstateFileKind;
  compression: SstateCompression;
  /** The full extension, e.g. `.tar.zst.siginfo`. */
  ext: string;
  /**
   * True when the name has the shape of a name shortened to fit 254 bytes (§2.1): ARCHSPEC, PV or PR
   * is cut at exactly the length the shortening rule gives. Those fields are then prefixes only.
   */
  truncated: boolean;
  /** Things that parsed but look odd (e.g. `:` inside PV). */
  warnings: string[];
}

/** The fields needed to build a name (kind and compression included). */
export type SstateNameFields = Omit<SstateName, 'ext' | 'truncated' | 'warnings'>;

/** Result of parsing: the fields, or why the name is not an sstate name. */
export type SstateNameParse = { ok: true; value: SstateName } | { ok: false; reason: string };

/** Archive names are limited to 246 characters so that `<archive>.siginfo` stays within 254. */
export const SSTATE_ARCHIVE_NAME_LIMIT = 246;
/** Limit for `.siginfo` names. */
export const SSTATE_SIGINFO_NAME_LIMIT = 254;

/** Extensions, longest first so that `.tar.zst.siginfo` wins over `.tar.zst`. */
const EXTENSIONS: ReadonlyArray<{ ext: string; kind: SstateFileKind; compression: SstateCompression }> = [
  { ext: '.tar.zst.siginfo', kind: 'siginfo', compression: 'zst' },
  { ext: '.tar.zst.sig', kind: 'sig', compression: 'zst' },
  { ext: '.tar.zst', kind: 'archive', compression: 'zst' },
  { ext: '.tgz.siginfo', kind: 'siginfo', compression: 'tgz' },
  { ext: '.tgz.sig', kind: 'sig', compression: 'tgz' },
  { ext: '.tgz', kind: 'archive', compression: 'tgz' },
];

/** The file extension for a kind and compression, e.g. ('siginfo', 'zst') -> `.tar.zst.siginfo`. */
export function sstateExtension(kind: SstateFileKind, compression: SstateCompression): string {
  const base = compression === 'zst' ? '.tar.zst' : '.tgz';
  return kind === 'archive' ? base : kind === 'siginfo' ? `${base}.siginfo` : `${base}.sig`;
}

/**
 * Splits a file name into its sstate extension and the rest; null when the name does not end in
 * one (temporary files such as `<name>.tar.zst.tmp1234` or `<name>XXXXXXXX` end up here).
 */
export function splitSstateExtension(
  name: string,
): { stem: string; ext: string; kind: SstateFileKind; compression: SstateCompression } | null {
  for (const e of EXTENSIONS) {
    if (name.length > e.ext.length && name.endsWith(e.ext)) {
      return { stem: name.slice(0, -e.ext.length), ...e };
    }
  }
  return null;
}

const HASH_RE = /^(?:[0-9a-f]{32,128}|INVALID)$/;

/**
 * Undoes WSL's renaming of Linux file names for Windows: reached through \\wsl$\… or
 * \\wsl.localhost\…, a character NTFS forbids (`:` in every sstate name, also `"*<>?\|`) is
 * listed as U+F000 plus its code (`:` -> U+F03A). Opening the file needs the name as listed; parsing
 * needs the real one.
 */
export function fromWslFileName(name: string): string {
  return name.replace(/[\uF022\uF02A\uF03A\uF03C\uF03E\uF03F\uF05C\uF07C]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xf000),
  );
}

/**
 * Parses an sstate file name (no directory). Names with more than 8 `:` fields keep the extra
 * ones in PV, with a warning; flat pre-2012 `sstate-<PN>-...` names are not supported. A name as
 * Windows lists it from a WSL build directory (see fromWslFileName) parses to the same fields.
 */
export function parseSstateName(listedName: string): SstateNameParse {
  const name = fromWslFileName(listedName);
  const split = splitSstateExtension(name);
  if (!split) return { ok: false, reason: 'no sstate extension (.tar.zst, .tgz, .siginfo, .sig)' };
  if (!split.stem.startsWith('sstate:')) return { ok: false, reason: "does not start with 'sstate:'" };
  const fields = split.stem.split(':');
  if (fields.length < 8) return { ok: false, reason: `${fields.length} ':'-separated fields, expected 8` };
  const warnings: string[] = [];
  const extra = fields.length - 8;
  if (extra > 0) warnings.push(`${extra} extra ':' field(s), kept as part of PV`);
  const pn = fields[1] ?? '';
  const archspec = fields[2] ?? '';
  const pv = fields.slice(3, 4 + extra).join(':');
  const pr = fields[4 + extra] ?? '';
  const pkgarch = fields[5 + extra] ?? '';
  const sstateVersion = fields[6 + extra] ?? '';
  const last = fields[7 + extra] ?? '';
  const us = last.indexOf('_');
  if (us < 0) return { ok: false, reason: "last field has no '_' between hash and task" };
  const unihash = last.slice(0, us);
  const task = last.slice(us + 1);
  if (!HASH_RE.test(unihash)) return { ok: false, reason: `'${unihash}' is not a hex hash or INVALID` };
  if (!task) return { ok: false, reason: 'empty task name' };
  if (!pn) return { ok: false, reason: 'empty PN' };
  const value: SstateName = {
    pn,
    archspec,
    pv,
    pr,
    pkgarch,
    sstateVersion,
    unihash,
    task,
    kind: split.kind,
    compression: split.compression,
    ext: split.ext,
    truncated: false,
    warnings,
  };
  value.truncated = extra === 0 && looksShortened(value);
  return { ok: true, value };
}

/** The length limit that applies to a kind of file (`.sig` = archive name + `.sig`). */
function limitFor(kind: SstateFileKind): number {
  return kind === 'siginfo' ? SSTATE_SIGINFO_NAME_LIMIT : SSTATE_ARCHIVE_NAME_LIMIT;
}

/** `avail` of §2.1: how many characters each of ARCHSPEC, PV, PR keeps when shortened. */
function shortenedFieldLength(f: SstateNameFields, tail: string, limit: number): number {
  const fixed = 'sstate'.length + f.pn.length + f.pkgarch.length + f.sstateVersion.length + 7;
  return Math.floor((limit - tail.length - fixed) / 3);
}

/** Tail of the name after the spec: `<hash>_<task><ext>` (for `.sig`, the archive tail). */
function nameTail(f: SstateNameFields): string {
  const kind = f.kind === 'sig' ? 'archive' : f.kind;
  return `${f.unihash}_${f.task}${sstateExtension(kind, f.compression)}`;
}

function looksShortened(v: SstateName): boolean {
  // `.tgz` names (<= zeus) had no length limit.
  if (v.compression === 'tgz') return false;
  const kind = v.kind === 'sig' ? 'archive' : v.kind;
  const avail = shortenedFieldLength(v, nameTail(v), limitFor(kind));
  if (avail < 0) return false;
  const cut = [v.archspec, v.pv, v.pr].some((s) => s.length === avail);
  const longest = Math.max(v.archspec.length, v.pv.length, v.pr.length);
  return cut && longest === avail;
}

/** The spec part `sstate:PN:ARCHSPEC:PV:PR:PKGARCH:VERSION:` (SSTATE_PKGSPEC or SSTATE_SWSPEC). */
export function formatSstateSpec(
  f: Pick<SstateNameFields, 'pn' | 'archspec' | 'pv' | 'pr' | 'pkgarch' | 'sstateVersion'>,
): string {
  return `sstate:${f.pn}:${f.archspec}:${f.pv}:${f.pr}:${f.pkgarch}:${f.sstateVersion}:`;
}

/**
 * Builds the file name BitBake writes for these fields, shortening ARCHSPEC/PV/PR when the name
 * would exceed the limit (§2.1; `.tgz` names had no limit). A `.sig` file is the archive name plus
 * `.sig`. The result may still be too long when PN alone is huge — BitBake fails the build then.
 */
export function formatSstateName(f: SstateNameFields): string {
  const tail = nameTail(f);
  const kind = f.kind === 'sig' ? 'archive' : f.kind;
  const limit = limitFor(kind);
  let spec = formatSstateSpec(f);
  if (f.compression === 'zst' && spec.length + tail.length > limit) {
    const avail = Math.max(0, shortenedFieldLength(f, tail, limit));
    spec = formatSstateSpec({
      ...f,
      archspec: f.archspec.slice(0, avail),
      pv: f.pv.slice(0, avail),
      pr: f.pr.slice(0, avail),
    });
  }
  const name = spec + tail;
  return f.kind === 'sig' ? `${name}.sig` : name;
}

/**
 * Directory of an object relative to SSTATE_DIR in the current two-level layout:
 * `<extrapath><H0H1>/<H2H3>/`. `extraPath` is '' or e.g. `universal` (native/cross recipes).
 */
export function sstateObjectDir(unihash: string, extraPath = ''): string {
  const prefix = extraPath ? `${extraPath.replace(/\/+$/, '')}/` : '';
  return `${prefix}${unihash.slice(0, 2)}/${unihash.slice(2, 4)}`;
}
