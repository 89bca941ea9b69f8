/**
 * Recognizes signature files by name: stamp `*.do_<task>.sigdata.<hash>` files
 * (spec/local-caches.md §D) and sstate `sstate:…:<hash>_<task>.tar.zst.siginfo` files
 * (spec/sstate-and-siginfo.md §2), and task stamps `*.do_<task>[_setscene].<hash>[.<extra>]`.
 * Sig file names are parsed by the siginfo source and sstate names by shared/model/sstate-name;
 * this adds task stamps and the shapes the signature index needs.
 */
import { parseSstateName } from '../../../shared/model/sstate-name';
import { parseSigFileName } from '../sources/siginfo/sig-file-name';

/** A stamp-directory sigdata file: `<version>.do_<task>.sigdata.<hash>`. */
export interface StampSigName {
  version: string;
  /** `do_compile`. */
  task: string;
  hash: string;
}

/** A task stamp: `<version>.do_<task>[_setscene].<hash>[.<extrainfo>]`. */
export interface TaskStampName {
  version: string;
  task: string;
  setscene: boolean;
  hash: string;
}

/** An sstate `.siginfo` file name. */
export interface SstateSigName {
  pn: string;
  /** `do_populate_sysroot` (the name carries `populate_sysroot`). */
  task: string;
  hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses `1.3.1.do_compile.sigdata.<hash>`; undefined for anything else (incl. sigbasedata). */
export function parseStampSigName(file: string): StampSigName | undefined {
  const p = parseSigFileName(file);
  if (!p || p.kind !== 'sigdata' || p.version === undefined) return undefined;
  return { version: p.version, task: p.task, hash: p.hash };
}

/** Parses a task stamp name (not sigdata/sigbasedata/taint files). */
export function parseTaskStampName(file: string): TaskStampName | undefined {
  const at = file.indexOf('.do_');
  if (at < 0) return undefined;
  const rest = file.slice(at + 1).split('.');
  if (rest.length < 2 || rest.length > 3) return undefined;
  const [task, hash] = rest as [string, string];
  if (!HEX64.test(hash)) return undefined;
  const setscene = task.endsWith('_setscene');
  return {
    version: file.slice(0, at),
    task: setscene ? task.slice(0, -'_setscene'.length) : task,
    setscene,
    hash,
  };
}

/** Parses `sstate:<pn>:…:<hash>_<task>.tar.zst.siginfo` (or `.tgz.siginfo`). */
export function parseSstateSigName(file: string): SstateSigName | undefined {
  const p = parseSigFileName(file);
  if (!p || p.kind !== 'siginfo' || p.pn === undefined) return undefined;
  return { pn: p.pn, hash: p.hash, task: p.task };
}

/** Parses an sstate archive name (`.tar.zst` / `.tgz`), for "is the object there". */
export function parseSstateArchiveName(file: string): SstateSigName | undefined {
  const p = parseSstateName(file);
  if (!p.ok || p.value.kind !== 'archive') return undefined;
  return { pn: p.value.pn, hash: p.value.unihash, task: `do_${p.value.task}` };
}

/** `mc:<mc>:<pn>:<task>` or `<pn>:<task>`: the id modern sigdata files use for a task. */
export { formatTaskId as taskKey } from '../../../shared/model/task-id';

/** Kept under its old name for the analysis code; the one implementation is in shared/model. */
export { splitTaskId as splitTaskKey } from '../../../shared/model/task-id';
