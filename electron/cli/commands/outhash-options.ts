/**
 * Options shared by `hashequiv outhash` and `hashequiv outhash-diff`: the function's build
 * inputs as flags, and how their defaults are chosen (flag > --sigfile or the build's depsig
 * file > the archive's name > the reference's defaults).
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { parseCliArgs } from '../parse-cli-args';
import { OUTHASH_FORMAT_HELP } from '../../../shared/model/outhash-format';
import type { OfferedInputs } from '../../services/outhash/build-inputs';
import type { OuthashParams } from '../../services/outhash/compute';
import {
  defaultUnderPseudo,
  resolveOuthashInputs,
  type OuthashInputOverrides,
} from '../../services/outhash/resolve-inputs';

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
                         automatically (a note on stderr says which); otherwise the archive's
                         own <archive>.siginfo names the task.`;

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

/** True for tasks OE runs under pseudo (fakeroot) by default (kept here for the CLI's callers). */
export { defaultUnderPseudo };

/** The flags as explicit inputs: `undefined` = not given, '' for the header values = unset. */
export function overridesFromFlags(v: OuthashFlagValues): OuthashInputOverrides {
  const emptyIsUnset = (s: string | undefined): string | null | undefined =>
    s === undefined ? undefined : s === '' ? null : s;
  const o: OuthashInputOverrides = {};
  if (v.task !== undefined) o.task = v.task;
  if (v.pkgspec !== undefined) o.pkgspec = v.pkgspec;
  const hv = emptyIsUnset(v['hash-version']);
  if (hv !== undefined) o.hashVersion = hv;
  const es = emptyIsUnset(v['extra-sigdata']);
  if (es !== undefined) o.extraSigdata = es;
  if (v['source-date-epoch'] !== undefined) o.sourceDateEpoch = v['source-date-epoch'];
  if (v.filemap && v.filemap.length > 0) o.filemap = v.filemap.join(' ');
  if (v.owners) o.underPseudo = true;
  else if (v['no-owners']) o.underPseudo = false;
  if (v['reproducible-binaries']) o.buildReproducibleBinaries = true;
  if (v.format !== undefined) o.format = v.format;
  if (v.basepath !== undefined) o.basePath = v.basepath;
  if (v.root !== undefined) o.root = parseRoot(v.root);
  return o;
}

/**
 * Builds the parameters for `target` (directory or archive) from the flags and the defaults
 * (services/outhash/resolve-inputs: the same rules as the API and verify).
 * Returns the notes to print on stderr (where a value came from).
 */
export function resolveOuthashParams(
  target: string,
  kind: 'directory' | 'archive',
  v: OuthashFlagValues,
  cwd: string,
): { params: OuthashParams; notes: string[]; offered: OfferedInputs | null } {
  return resolveOuthashInputs(target, kind, overridesFromFlags(v), {
    ...(v.sigfile ? { sigfile: path.resolve(cwd, v.sigfile) } : {}),
    taskHint: 'pass --task',
  });
}

/**
 * The arguments of an outhash command: exactly `count` paths and the input flags (with their
 * conflicts checked), INVALID_INPUT otherwise.
 */
export function parseOuthashArgs(
  args: string[],
  count: number,
  expected: string,
): { positionals: string[]; values: OuthashFlagValues } {
  const parsed = parseCliArgs(args, OUTHASH_INPUT_OPTIONS);
  const values = parsed.values as OuthashFlagValues;
  if (parsed.positionals.length !== count)
    throw new InspectorError('INVALID_INPUT', `expected ${expected} (see --help)`);
  if (values.owners && values['no-owners'])
    throw new InspectorError('INVALID_INPUT', '--owners and --no-owners exclude each other');
  return { positionals: parsed.positionals, values };
}
