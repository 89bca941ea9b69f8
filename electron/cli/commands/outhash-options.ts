/**
 * Options shared by `hashequiv outhash` and `hashequiv outhash-diff`: the function's build
 * inputs as flags, and how their defaults are chosen (flag > --sigfile or the build's depsig
 * file > the archive's name > the reference's defaults).
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { OUTHASH_FORMAT_HELP } from '../../../shared/model/outhash-format';
import {
  findDepsigsForArchive,
  inputsFromSigFile,
  normaliseTask,
  parseSstateArchiveName,
  type OfferedInputs,
} from '../../services/outhash/build-inputs';
import type { OuthashParams } from '../../services/outhash/compute';

/** parseArgs option table of the input flags. */
export const OUTHASH_INPUT_OPTIONS = {
  task: { type: 'string' },
  pkgspec: { type: 'string' },
  'hash-version': { type: 'string' },
  'extra-sigdata': { type: 'string' },
  'source-date-epoch': { type: 'string' },
  filemap: { type: 'string', multiple: true },
  basepath: { type: 'string' },
  owners: { type: 'boolean' },
  'no-owners': { type: 'boolean' },
  format: { type: 'string' },
  sigfile: { type: 'string' },
  root: { type: 'string' },
  'reproducible-binaries': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The parsed values of OUTHASH_INPUT_OPTIONS. */
export interface OuthashFlagValues {
  task?: string;
  pkgspec?: string;
  'hash-version'?: string;
  'extra-sigdata'?: string;
  'source-date-epoch'?: string;
  filemap?: string[];
  basepath?: string;
  owners?: boolean;
  'no-owners'?: boolean;
  format?: string;
  sigfile?: string;
  root?: string;
  'reproducible-binaries'?: boolean;
  json?: boolean;
}

/** Help text for the input flags and their defaults. */
export const OUTHASH_OPTIONS_HELP = `Build inputs (each flag wins over any default):
  --task T               the task as BitBake passes it: populate_sysroot, package, ... (a do_
                         prefix is removed). Default: from the archive name
                         (<SSTATE_PKGSPEC><hash>_<task>.tar.zst) or the sig file; required for
                         a directory otherwise.
  --pkgspec S            SSTATE_PKGSPEC. Default: from the archive name (the name may be
                         shortened past 246 characters: then pass it) or the sig file;
                         otherwise unset (the text None is hashed, as OE would).
  --hash-version V       HASHEQUIV_HASH_VERSION. Default 18 (meta/conf/abi_version.conf of
                         current OE-Core); '' = unset. Recipes may append (.1 libgcc).
  --extra-sigdata S      HASHEQUIV_EXTRA_SIGDATA (use $'a: x\\nb: y' for several lines).
                         Default unset; in a build it is set for populate_sysroot and package of
                         target recipes and populate_sysroot of native/cross. '' = unset.
  --source-date-epoch N  SOURCE_DATE_EPOCH. Only read for task package, where it is required.
  --filemap T:GLOB:REPL  one SSTATE_HASHEQUIV_FILEMAP entry (repeatable). Default none: OE's
                         default entries (populate_sysroot, */postinst-useradd-* and
                         */crossscripts/*) name your build's TMPDIR and COREBASE; give them
                         expanded, e.g. --filemap 'populate_sysroot:*/crossscripts/*:/b/tmp'.
  --basepath P           the path argument, deleted from filtered files. Default: a directory's
                         real path; none for an archive.
  --owners|--no-owners   whether the task ran under pseudo (PSEUDO_DISABLED=0). Default: on for
                         package and image tasks (image*, rootfs), which OE runs under
                         fakeroot; off for all others. The function itself still leaves owners
                         out for package_write_* and package_qa.
  --root MODE:USER:GROUP the top directory of an archive, which archives do not contain.
                         Default 0755:root:root (or the '.' line of the sig file).
  --format NAME          output format: current (default), 2019-original, F0..F11, or a Yocto
                         branch name (warrior, zeus, dunfell, gatesgarth, hardknott, honister,
                         langdale, mickledore, nanbield, kirkstone, scarthgap, ...):
${OUTHASH_FORMAT_HELP.map((l) => '                           ' + l).join('\n')}
  --reproducible-binaries  BUILD_REPRODUCIBLE_BINARIES=1: only read by formats F4..F7, where
                         it turns on timestamps for task package.
  --sigfile FILE         a depsig.do_<task> file (or .siginfo/.sigdata) whose values become the
                         defaults: header values, owners, the top directory, and for package the
                         latest timestamp as SOURCE_DATE_EPOCH. For an archive inside
                         <builddir>/sstate-cache the build's depsig file is found and offered
                         automatically (a note on stderr says which).`;

/** What PATH is. */
export type InputKind = 'directory' | 'archive' | 'depsig';

/** Decides whether `p` is a directory, a depsig file or an archive. */
export function inputKind(p: string): InputKind {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new InspectorError('NOT_FOUND', 'No such file or directory', { file: p });
  }
  if (st.isDirectory()) return 'directory';
  const fd = openSync(p, 'r');
  try {
    const b = Buffer.alloc(64);
    const n = readSync(fd, b, 0, 64, 0);
    const head = b.toString('latin1', 0, n);
    if (head.startsWith('OEOuthashBasic') || /^depsig\.do_[\w.-]+\s*$/.test(head)) return 'depsig';
    return 'archive';
  } finally {
    closeSync(fd);
  }
}

function parseRoot(text: string): OuthashParams['root'] {
  const [mode, user, group] = text.split(':');
  if (!mode || !/^[0-7]{3,4}$/.test(mode) || !user || !group)
    throw new InspectorError(
      'INVALID_INPUT',
      `--root expects MODE:USER:GROUP like 0755:root:root, got '${text}'`,
    );
  return { mode: parseInt(mode, 8), user, group, mtime: 0 };
}

/** True for tasks OE runs under pseudo (fakeroot) by default. */
export function defaultUnderPseudo(task: string): boolean {
  return task === 'package' || task.startsWith('image') || task === 'rootfs';
}

/**
 * Builds the parameters for `target` (directory or archive) from the flags and the defaults.
 * Returns the notes to print on stderr (where a value came from).
 */
export function resolveOuthashParams(
  target: string,
  kind: 'directory' | 'archive',
  v: OuthashFlagValues,
  cwd: string,
): { params: OuthashParams; notes: string[]; offered: OfferedInputs | null } {
  const notes: string[] = [];
  let offered: OfferedInputs | null = null;
  if (v.sigfile) offered = inputsFromSigFile(path.resolve(cwd, v.sigfile));
  else if (kind === 'archive') {
    const found = findDepsigsForArchive(target);
    if (found[0]) {
      offered = inputsFromSigFile(found[0]);
      notes.push(`using values from ${found[0]} (pass --sigfile to choose another)`);
    }
  }
  if (offered) notes.push(...offered.notes);
  const o = offered?.values ?? {};
  const name = kind === 'archive' ? parseSstateArchiveName(target) : null;
  const taskRaw = v.task ?? o.task ?? name?.task;
  if (!taskRaw)
    throw new InspectorError(
      'INVALID_INPUT',
      'The task is unknown: pass --task (e.g. --task populate_sysroot)',
      { file: target },
    );
  const task = normaliseTask(taskRaw);
  const pkgspec = v.pkgspec ?? o.pkgspec ?? name?.pkgspec ?? null;
  if (pkgspec === null) notes.push('SSTATE_PKGSPEC is unset (the text None is hashed); pass --pkgspec');
  if (name?.maybeShortened && v.pkgspec === undefined && o.pkgspec === undefined)
    notes.push('the archive name may be shortened: SSTATE_PKGSPEC taken from it may be incomplete');
  const emptyIsUnset = (s: string | undefined): string | null | undefined =>
    s === undefined ? undefined : s === '' ? null : s;
  const hv = emptyIsUnset(v['hash-version']);
  const es = emptyIsUnset(v['extra-sigdata']);
  const underPseudo = v.owners ? true : v['no-owners'] ? false : (o.underPseudo ?? defaultUnderPseudo(task));
  const params: OuthashParams = {
    task,
    pkgspec,
    hashVersion: hv !== undefined ? hv : o.hashVersion !== undefined ? o.hashVersion : '18',
    extraSigdata: es !== undefined ? es : (o.extraSigdata ?? null),
    sourceDateEpoch: v['source-date-epoch'] ?? o.sourceDateEpoch ?? null,
    filemap: v.filemap && v.filemap.length > 0 ? v.filemap.join(' ') : null,
    underPseudo,
    ...(v['reproducible-binaries'] ? { buildReproducibleBinaries: true } : {}),
    ...(v.format !== undefined ? { format: v.format } : o.format !== undefined ? { format: o.format } : {}),
    ...(v.basepath !== undefined ? { basePath: v.basepath } : {}),
  };
  const root = v.root !== undefined ? parseRoot(v.root) : o.root;
  if (root) params.root = root;
  return { params, notes, offered };
}
