/**
 * The one place where the outhash function's inputs get their defaults, for every front door
 * (CLI `outhash`/`outhash-diff`, the API's outhash.compute/verify/diff, verifyOuthash):
 *
 *   explicit value > the sig file given (or, for an archive inside <builddir>/sstate-cache, the
 *   build's depsig.do_<task>; else the archive's own `<archive>.siginfo`) > the archive's name
 *   (task, SSTATE_PKGSPEC) > the reference defaults (HASHEQUIV_HASH_VERSION 18, owners for
 *   package/image tasks).
 *
 * Before this module each door applied its own subset, and the API hashed `SSTATE_PKGSPEC=None`
 * for an archive when no pkgspec was passed although its name carries it.
 */
import { existsSync } from 'node:fs';
import { InspectorError } from '../../../shared/model/errors';
import type { RootAttributes } from './archive-source';
import {
  findDepsigsForArchive,
  inputsFromSigFile,
  normaliseTask,
  parseSstateArchiveName,
  type OfferedInputs,
} from './build-inputs';
import type { OuthashParams } from './compute';

/** HASHEQUIV_HASH_VERSION of current OE-Core (meta/conf/abi_version.conf). */
export const DEFAULT_HASH_VERSION = '18';

/**
 * Values the user gave. `undefined` = not given (a default applies); `null` = given as unset
 * (the text None is hashed, or the header line is left out, as OE does for an unset variable).
 */
export interface OuthashInputOverrides {
  task?: string;
  pkgspec?: string | null;
  hashVersion?: string | null;
  extraSigdata?: string | null;
  sourceDateEpoch?: string | null;
  filemap?: string | null;
  underPseudo?: boolean;
  buildReproducibleBinaries?: boolean;
  format?: string;
  basePath?: string | null;
  root?: RootAttributes;
}

/** Where the defaults may come from besides the target itself. */
export interface ResolveOuthashInputsOptions {
  /** A depsig.do_<task>, .siginfo or .sigdata file whose values become the defaults. */
  sigfile?: string;
  /** Look for the build's depsig file of an archive in <builddir>/sstate-cache (default true). */
  findDepsig?: boolean;
  /** How the user gives the task at this door, for the error message (e.g. 'pass --task'). */
  taskHint?: string;
}

/** The parameters after defaults, and where they came from. */
export interface ResolvedOuthashInputs {
  params: OuthashParams;
  /** Where values came from, for the user (the CLI prints them on stderr). */
  notes: string[];
  /** The sig file whose values were used, if any. */
  offered: OfferedInputs | null;
}

/** True for tasks OE runs under pseudo (fakeroot) by default. */
export function defaultUnderPseudo(task: string): boolean {
  return task === 'package' || task.startsWith('image') || task === 'rootfs';
}

function offeredFor(
  target: string,
  kind: 'directory' | 'archive',
  opts: ResolveOuthashInputsOptions,
  notes: string[],
): OfferedInputs | null {
  if (opts.sigfile) return inputsFromSigFile(opts.sigfile);
  if (kind !== 'archive') return null;
  if (opts.findDepsig !== false) {
    const found = findDepsigsForArchive(target);
    if (found[0]) {
      notes.push(`using values from ${found[0]} (pass a sig file to choose another)`);
      return inputsFromSigFile(found[0]);
    }
  }
  // The object's own siginfo names the task, which matters when the archive was renamed.
  const siginfo = `${target}.siginfo`;
  if (existsSync(siginfo)) {
    try {
      return inputsFromSigFile(siginfo);
    } catch {
      notes.push(`${siginfo} is not a readable siginfo; ignored`);
    }
  }
  return null;
}

/** Applies the defaults to `explicit` for a directory or an sstate archive at `target`. */
export function resolveOuthashInputs(
  target: string,
  kind: 'directory' | 'archive',
  explicit: OuthashInputOverrides,
  opts: ResolveOuthashInputsOptions = {},
): ResolvedOuthashInputs {
  const notes: string[] = [];
  const offered = offeredFor(target, kind, opts, notes);
  if (offered) notes.push(...offered.notes);
  const o = offered?.values ?? {};
  const name = kind === 'archive' ? parseSstateArchiveName(target) : null;
  const taskRaw = explicit.task || o.task || name?.task;
  if (!taskRaw)
    throw new InspectorError(
      'INVALID_INPUT',
      `The task is unknown: ${opts.taskHint ?? 'give the task'} (e.g. populate_sysroot); only an sstate archive name or a sig file tells it`,
      { file: target },
    );
  const task = normaliseTask(taskRaw);
  const pick = <T>(e: T | undefined, fromSig: T | undefined, fallback: T): T =>
    e !== undefined ? e : fromSig !== undefined ? fromSig : fallback;
  const pkgspec = pick(explicit.pkgspec, o.pkgspec, name?.pkgspec ?? null);
  if (pkgspec === null) notes.push('SSTATE_PKGSPEC is unset (the text None is hashed); pass the pkgspec');
  else if (name?.maybeShortened && explicit.pkgspec === undefined && o.pkgspec === undefined)
    notes.push('the archive name may be shortened: SSTATE_PKGSPEC taken from it may be incomplete');
  const params: OuthashParams = {
    task,
    pkgspec,
    hashVersion: pick(explicit.hashVersion, o.hashVersion, DEFAULT_HASH_VERSION),
    extraSigdata: pick(explicit.extraSigdata, o.extraSigdata, null),
    sourceDateEpoch: pick(explicit.sourceDateEpoch, o.sourceDateEpoch, null),
    filemap: pick(explicit.filemap, o.filemap, null),
    underPseudo: pick(explicit.underPseudo, o.underPseudo, defaultUnderPseudo(task)),
  };
  const brb = explicit.buildReproducibleBinaries ?? o.buildReproducibleBinaries;
  if (brb !== undefined) params.buildReproducibleBinaries = brb;
  const format = explicit.format ?? o.format;
  if (format !== undefined) params.format = format;
  if (explicit.basePath !== undefined) params.basePath = explicit.basePath;
  const root = explicit.root ?? o.root;
  if (root) params.root = root;
  return { params, notes, offered };
}
