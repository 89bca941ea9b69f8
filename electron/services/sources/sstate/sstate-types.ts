import type { ErrorCode } from '../../../../shared/model/errors';
import type { SstateCompression, SstateName } from '../../../../shared/model/sstate-name';

/** One file of an sstate object, as seen on disk. */
export interface SstateFile {
  /** Path relative to the scanned root, `/`-separated. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

/** How the object's directory relates to its hash (§1 layout history). */
export type SstateLayout = 'two-level' | 'one-level' | 'flat';

/**
 * One sstate object: the archive and its companions (`.siginfo`, `.sig`) grouped by directory, PN,
 * hash, task and compression — not by the full name, because a shortened `.siginfo` name need not
 * be the archive name plus `.siginfo` (§2.1).
 */
export interface SstateObject {
  /** Stable identity within one scan: `<dir>/<pn>:<unihash>_<task>.<compression>`. */
  key: string;
  /** Directory relative to the root, `/`-separated ('' for the root itself). */
  dir: string;
  /** '' for target recipes, else `universal`, `universal-4.9`, `ubuntu-22.04`, ... (NATIVELSBSTRING). */
  extraPath: string;
  layout: SstateLayout;
  /** Parsed name fields; taken from the archive when present, else the siginfo, else the sig. */
  name: SstateName;
  compression: SstateCompression;
  archive?: SstateFile;
  siginfo?: SstateFile;
  sig?: SstateFile;
}

/** Something the scan could not read or understand; the scan goes on. */
export interface SstateScanProblem {
  /** Path relative to the root (non-UTF-8 bytes shown as `\xNN`). */
  path: string;
  code: ErrorCode;
  message: string;
}

/** The result of scanning one sstate directory. */
export interface SstateScan {
  /** Absolute path that was scanned. */
  root: string;
  /** Objects sorted by dir, then name. */
  objects: SstateObject[];
  problems: SstateScanProblem[];
  /** Regular files seen (objects' files + ignored ones). */
  filesSeen: number;
  /** Files whose names are not sstate files (temporary names, stray files). */
  ignoredFiles: number;
  directories: number;
}
