/**
 * The Outhash view's verdicts, as text that names both sides of every comparison. Two different
 * comparisons happen in that view — the computed outhash against a recorded (or typed) outhash,
 * and the computed sigtext against another file's (a depsig of some run, or another archive) —
 * and a bare "matches" beside "1 line differs" reads as a contradiction. Pure.
 */

/** A side of a comparison as the user knows it: a short name, and the full path for a tooltip. */
export interface SideName {
  /** File name, with a parent folder when needed to tell two sides apart. */
  name: string;
  /** The full path. */
  path: string;
  /** `run 29210` for a `depsig.do_<task>.<pid>` file (each task run writes its own), else null. */
  run: string | null;
}

/** One verdict line: ok or not, a headline naming both sides, and what it means. */
export interface Verdict {
  ok: boolean;
  headline: string;
  detail: string;
}

const segments = (p: string) => p.split(/[\\/]+/).filter((s) => s !== '');

/**
 * An sstate archive's name is `sstate:<pn>:<arch…>:<64-hex hash>_<task>.tar.zst`, ~150 characters;
 * the recipe, the start of the hash and the task are what tell two apart.
 */
function shortName(name: string): string {
  const m = /^(sstate:[^:]*):.*:([0-9a-f]{10})[0-9a-f]{54}(_.+)$/.exec(name);
  return m ? `${m[1]}:…:${m[2]}…${m[3]}` : name;
}

/**
 * Short names for two paths: their file names, or as many trailing folders as it takes for the
 * names to differ (two `image` directories of two builds, two archives of the same name).
 */
export function sideNames(a: string, b: string): [SideName, SideName] {
  const sa = segments(a);
  const sb = segments(b);
  let n = 1;
  while (n < Math.max(sa.length, sb.length) && sa.slice(-n).join('/') === sb.slice(-n).join('/')) n++;
  const side = (p: string, s: string[]): SideName => {
    const pid = /^depsig\.do_[^/]+?\.(\d+)$/.exec(s.at(-1) ?? '');
    const name = [...s.slice(-n, -1), shortName(s.at(-1) ?? '')].join('/');
    return { name: name || p, path: p, run: pid ? `run ${pid[1]}` : null };
  };
  return [side(a, sa), side(b, sb)];
}

/** Names a single path (file name; a depsig's run from its pid suffix). */
export function sideName(p: string): SideName {
  return sideNames(p, '')[0];
}

/** `depsig.do_x.1 (run 1)`; a label for the side, with its run when known. */
export function sideLabel(s: SideName): string {
  return s.run ? `${s.name} (${s.run})` : s.name;
}

const short = (h: string) => h.slice(0, 12) + '…';

/** What a different outhash means for hash equivalence, said once for both verdicts. */
const NO_FOLD =
  'A different outhash means different output: the hash equivalence server cannot fold this taskhash into the existing unihash, so tasks that depend on it get a new unihash and rebuild.';

/**
 * The computed outhash against the expected one. `expectedFrom` says where the expected value
 * came from (a workspace task's hashserv.db report); absent, the user typed it.
 */
export function verifyVerdict(args: {
  computed: string;
  computedFrom: string;
  expected: string;
  expectedFrom?: string | undefined;
}): Verdict {
  const expected = args.expected.trim().toLowerCase();
  const ok = expected === args.computed;
  const other = args.expectedFrom
    ? `recorded outhash of ${args.expectedFrom}`
    : 'the expected outhash you entered';
  const computed = sideLabel(sideName(args.computedFrom));
  return ok
    ? {
        ok,
        headline: `✓ Computed outhash = ${other}`,
        detail: `Computed from ${computed}: ${short(args.computed)}.`,
      }
    : {
        ok,
        headline: `✗ Computed outhash ≠ ${other}`,
        detail: `Computed from ${computed}: ${short(args.computed)}; expected ${short(expected)}. ${NO_FOLD} Check the parameters (they come from the depsig header) before suspecting non-reproducible output.`,
      };
}

/**
 * The computed sigtext against the diff target (`a`: a depsig file of some run or another
 * archive; `b`: what was computed). `aFrom` names the target's owner when it came from a task.
 */
export function diffVerdict(args: {
  a: { path: string; outhash: string };
  b: { path: string; outhash: string };
  /** Whether the two sigtexts are the same, and how many lines differ when not. */
  same: boolean;
  lines: number;
  aFrom?: string | undefined;
}): Verdict {
  const [a, b] = sideNames(args.a.path, args.b.path);
  const target = sideLabel(a) + (args.aFrom ? `, ${args.aFrom}` : '');
  if (args.same) {
    return {
      ok: true,
      headline: `✓ Same signature as ${target}`,
      detail: `${sideLabel(b)} and ${sideLabel(a)} have the same sigtext, so the same outhash ${short(args.b.outhash)}.`,
    };
  }
  const count = `${args.lines} ${args.lines === 1 ? 'line' : 'lines'}`;
  return {
    ok: false,
    headline: `✗ Signature differs from ${target}: ${count}`,
    detail: `Outhash of ${sideLabel(b)} ${short(args.b.outhash)} ≠ ${short(args.a.outhash)} of ${sideLabel(a)}. ${NO_FOLD}`,
  };
}
