/**
 * Pure text of OEOuthashBasic: the switches derived from the inputs (spec section 2), the header
 * (section 3) and one entry's line(s) (section 5, and section 9 for older formats).
 * Digests are computed by the caller; this module only formats.
 */
import { InspectorError } from './errors';
import type { OuthashFeatures } from './outhash-format';

/** The kind of a file-system entry, as the function distinguishes them. */
export type OuthashEntryType = 'dir' | 'file' | 'symlink' | 'chardev' | 'blockdev' | 'fifo' | 'socket';

/** The build inputs the function reads (spec 1.2), already expanded. `null` = unset. */
export interface OuthashInputs {
  /** The task argument exactly as BitBake passes it (no do_ prefix). */
  task: string;
  pkgspec: string | null;
  hashVersion: string | null;
  extraSigdata: string | null;
  /** SOURCE_DATE_EPOCH text; only read for task package. */
  sourceDateEpoch: string | null;
  /** PSEUDO_DISABLED == "0": the task ran under pseudo. The per-task rules apply on top. */
  underPseudo: boolean;
  /** BUILD_REPRODUCIBLE_BINARIES == "1"; only read by formats F4..F7. */
  buildReproducibleBinaries?: boolean;
}

/** Switches derived from the inputs for one format. */
export interface OuthashSwitches {
  includeOwners: boolean;
  includeTimestamps: boolean;
  includeRoot: boolean;
  /** Clamp value (seconds) when timestamps are clamped, else null. */
  sourceDateEpoch: number | null;
  /** Nine permission characters (group/other) instead of three. */
  groupOther: boolean;
}

/** Parses SOURCE_DATE_EPOCH as Python's float() would, for the values a build uses. */
export function parseSourceDateEpoch(text: string | null): number {
  const t = (text ?? '').trim();
  const lower = t.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(lower)) return NaN;
  if (t === '' || !/^[+-]?(\d[\d_]*\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t))
    throw new InspectorError(
      'INVALID_INPUT',
      `SOURCE_DATE_EPOCH must be a number for task package (BitBake fails too); got ${text === null ? 'unset' : `'${text}'`}`,
    );
  return Number(t.replace(/_/g, ''));
}

/** Section 2 (and its history): what the function includes for these inputs. */
export function deriveSwitches(inputs: OuthashInputs, f: OuthashFeatures): OuthashSwitches {
  const isPackage = inputs.task === 'package';
  const exempt = inputs.task.includes('package_write_') || inputs.task === 'package_qa';
  const includeOwners = inputs.underPseudo && !(f.ownerTaskExceptions && exempt);
  const includeTimestamps =
    isPackage &&
    (f.timestamps === 'always' || (f.timestamps === 'opt-in' && inputs.buildReproducibleBinaries === true));
  return {
    includeOwners,
    includeTimestamps,
    includeRoot: !(f.noRootForPackage && isPackage),
    sourceDateEpoch:
      includeTimestamps && f.clampTimestamps ? parseSourceDateEpoch(inputs.sourceDateEpoch) : null,
    groupOther: f.groupOtherOnlyWithOwners ? includeOwners : true,
  };
}

/** The header lines (section 3; F0/F1 have no version line, before F9 no extra sigdata). */
export function formatHeader(inputs: OuthashInputs, f: OuthashFeatures): string {
  let s = 'OEOuthashBasic\n';
  if (f.hashVersionLine && inputs.hashVersion) s += inputs.hashVersion + '\n';
  if (f.extraSigdata && inputs.extraSigdata) s += inputs.extraSigdata + '\n';
  s += `SSTATE_PKGSPEC=${inputs.pkgspec ?? 'None'}\n`;
  s += `task=${inputs.task}\n`;
  return s;
}

/** One emitted entry with everything its line needs. */
export interface OuthashEntry {
  /** Path string as written: '.', './a', './a/b'. */
  path: string;
  type: OuthashEntryType;
  /** Permission bits including set-user-ID, set-group-ID and sticky (mode & 0o7777). */
  perm: number;
  user: string;
  group: string;
  /** st_mtime as Python sees it: seconds + nanoseconds * 1e-9 in double precision. */
  mtime: number;
  devMajor: number;
  devMinor: number;
  size: number;
  /** sha256 hex for regular files, else ''. */
  digest: string;
  /** readlink text for symlinks, else ''. */
  linkTarget: string;
  /** Matched a filemap glob (regular files: blank size, digest over transformed content). */
  filtered: boolean;
}

const TYPE_CHAR: Record<OuthashEntryType, string> = {
  dir: 'd',
  chardev: 'c',
  blockdev: 'b',
  socket: 's',
  symlink: 'l',
  fifo: 'p',
  file: '-',
};

const TYPE_BITS: Record<OuthashEntryType, number> = {
  dir: 0o040000,
  chardev: 0o020000,
  blockdev: 0o060000,
  socket: 0o140000,
  symlink: 0o120000,
  fifo: 0o010000,
  file: 0o100000,
};

/** Right-aligns `s` in at least `width` columns; never truncates (Python %Ns). */
function rjust(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

const BLANK_DIGEST = ' '.repeat(64);

/** Permission characters (section 5.2): three, or nine with group/other. */
export function formatPermissions(perm: number, groupOther: boolean): string {
  const bit = (m: number, c: string): string => (perm & m ? c : '-');
  const special = (x: number, s: number, on: string, off: string): string =>
    perm & s ? (perm & x ? on : off) : perm & x ? 'x' : '-';
  let out = bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's', 'S');
  if (groupOther) {
    out += bit(0o040, 'r') + bit(0o020, 'w') + special(0o010, 0o2000, 's', 'S');
    // Sticky is always 't', whether or not other-execute is set (the function never writes 'T').
    out += bit(0o004, 'r') + bit(0o002, 'w') + (perm & 0o1000 ? 't' : perm & 0o001 ? 'x' : '-');
  }
  return out;
}

/** The line of one entry in formats F1..F11 (section 5). */
export function formatEntryLine(e: OuthashEntry, sw: OuthashSwitches): string {
  let s = TYPE_CHAR[e.type] + formatPermissions(e.perm, sw.groupOther);
  if (sw.includeOwners) s += ' ' + rjust(e.user, 10) + ' ' + rjust(e.group, 10);
  if (sw.includeTimestamps) {
    let t = e.mtime;
    if (sw.sourceDateEpoch !== null && t > sw.sourceDateEpoch) t = sw.sourceDateEpoch;
    s += ' ' + rjust(String(Math.trunc(t) || 0), 10);
  }
  const isDev = e.type === 'chardev' || e.type === 'blockdev';
  s += ' ' + (isDev ? rjust(`${e.devMajor}.${e.devMinor}`, 9) : ' '.repeat(9));
  const isFile = e.type === 'file';
  s += ' ' + (isFile && !e.filtered ? rjust(String(e.size), 10) : ' '.repeat(10));
  s += ' ' + (isFile ? e.digest : BLANK_DIGEST);
  s += ' ' + e.path;
  if (e.type === 'symlink') s += ' -> ' + e.linkTarget;
  return s + '\n';
}

/** The lines of one entry in the original 2019 format (F0, section 9). */
export function formatEntry2019(e: OuthashEntry): string {
  let s = `${e.path}\n\tmode=0x${(e.perm & 0o7777).toString(16)}\n\ttype=0x${TYPE_BITS[e.type].toString(16)}\n`;
  if (e.type === 'blockdev') s += `\tdev=${e.devMajor},${e.devMinor}\n`;
  else if (e.type === 'symlink') s += `\tsymlink=${e.linkTarget}\n`;
  else s += `\tdigest=${e.digest}\n`;
  return s;
}

/**
 * F0 opened and read every entry that was not a block device or symlink; for character devices,
 * FIFOs and sockets that hangs or fails (spec 9, F0), so no outhash exists for such trees.
 */
export function f0CannotHash(type: OuthashEntryType): boolean {
  return type === 'chardev' || type === 'fifo' || type === 'socket';
}
