import { parseSstateName } from '../../../../shared/model/sstate-name';

/** What a sig file's name says about it. */
export interface SigFileName {
  /**
   * `sigdata`: stamps dir, named by the task's unihash at write time;
   * `sigbasedata`: stamps dir, named by the basehash; `siginfo`: sstate, named by the unihash.
   */
  kind: 'sigdata' | 'sigbasedata' | 'siginfo';
  /** The hash in the name. For sigdata/siginfo it is the unihash, which may differ from the taskhash inside. */
  hash: string;
  /** Task with `do_` prefix, e.g. `do_compile`. */
  task: string;
  /** Stamp files: the version part before `.do_` (`1.3.1`, `1.3.1-r0`); absent for sstate. */
  version?: string;
  /** sstate `.siginfo`: the recipe name. */
  pn?: string;
}

const STAMP_RE = /^(.*?)\.(do_[^.]+)\.(sigdata|sigbasedata)\.([0-9a-f]{32,128})$/;

/**
 * Parses the hash and task out of a sig file name (no directory): `<S>.do_<task>.sigdata.<hash>`,
 * `<S>.do_<task>.sigbasedata.<basehash>` or an sstate `sstate:…:<hash>_<task>.tar.zst.siginfo`
 * (or `.tgz.siginfo`). Returns null for anything else.
 */
export function parseSigFileName(name: string): SigFileName | null {
  const m = STAMP_RE.exec(name);
  if (m) {
    // A version part may contain `.do_` only in pathological names; the lazy match takes the first.
    return { kind: m[3] as 'sigdata' | 'sigbasedata', version: m[1]!, task: m[2]!, hash: m[4]! };
  }
  const p = parseSstateName(name);
  if (p.ok && p.value.kind === 'siginfo') {
    return { kind: 'siginfo', hash: p.value.unihash, task: `do_${p.value.task}`, pn: p.value.pn };
  }
  return null;
}
