/**
 * Generator of build directories with real modern sigdata files (zstd JSON with sorted keys,
 * sets as `{"_set_object": [...]}`, basehash/taskhash computed per spec/sstate-and-siginfo.md §5
 * so every file is self-consistent), task stamps, and sstate `.siginfo` + archive files — and of
 * pairs of such builds that differ by planted causes, so the analysis can be checked against
 * a known answer. Test and bench code only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zstdCompressSync } from 'node:zlib';
import type { SigData } from '../../shared/model/sigdata';

/** One task of a generated build. */
export interface PlannedTask {
  mc?: string;
  pn: string;
  /** `do_compile`. */
  task: string;
  /** Keys of the tasks it depends on (`pn:do_task` or `mc:<mc>:pn:do_task`). */
  deps: string[];
  /** Variables the task depends on (name -> unexpanded value); the task body is `varvals[task]`. */
  vars: Record<string, string>;
  files?: Array<[string, string]>;
  taint?: string;
  /** Also write an sstate archive + .siginfo for it. */
  sstate?: boolean;
  /** Force a unihash (an equivalence the server answered); default = taskhash. */
  unihash?: string;
}

/** The key a task has in runtaskdeps of modern files. */
export function keyOf(t: Pick<PlannedTask, 'mc' | 'pn' | 'task'>): string {
  return t.mc ? `mc:${t.mc}:${t.pn}:${t.task}` : `${t.pn}:${t.task}`;
}

/** A cause planted in build B, with what the analysis must report. */
export interface PlantedCause {
  task: string;
  kind: 'variable' | 'file' | 'taint' | 'unihash';
  variable?: string;
  file?: string;
}

const IGNORE_VARS = [
  'B',
  'D',
  'DL_DIR',
  'FILE',
  'PATH',
  'SSTATE_DIR',
  'STAMP',
  'T',
  'TMPDIR',
  'TOPDIR',
  'WORKDIR',
];

/** sha256 hex of a string's UTF-8 bytes. */
export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** basehash per spec §5. */
export function basehashOf(
  task: string,
  taskdeps: readonly string[],
  varvals: Record<string, string | null>,
): string {
  let s = varvals[task] ?? '';
  for (const dep of [...taskdeps].sort(codepoint)) {
    s += dep;
    const v = varvals[dep];
    if (v !== null && v !== undefined) s += v;
  }
  return sha256(s);
}

/** taskhash per spec §5 (modern rules). */
export function taskhashOf(
  basehash: string,
  runtaskdeps: readonly string[],
  runtaskhashes: Record<string, string>,
  files: ReadonlyArray<[string, string | null]>,
  taint?: string,
): string {
  let s = basehash;
  for (const id of runtaskdeps) s += runtaskhashes[id] ?? '';
  for (const [name, cs] of files) {
    if (!cs) continue;
    if (name.includes('./')) s += name;
    s += cs;
  }
  if (taint) s += taint.startsWith('nostamp:') ? taint.slice(8) : taint;
  return sha256(s);
}

function codepoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with sorted keys and compact separators, as BitBake writes sigdata. */
function sortedJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort(codepoint)
    .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
    .join(',')}}`;
}

const set = (xs: Iterable<string>) => ({ _set_object: [...xs].sort(codepoint) });

/** The SigData of a planned task, given its dependencies' unihashes. */
export function sigDataOf(t: PlannedTask, unihashes: Map<string, string>): SigData {
  const taskdeps = Object.keys(t.vars)
    .filter((v) => v !== t.task)
    .sort(codepoint);
  const varvals: Record<string, string | null> = { ...t.vars };
  if (!(t.task in varvals)) varvals[t.task] = `    bb.note("${t.task} of ${t.pn}")\n`;
  const gendeps: Record<string, string[]> = {};
  for (const v of taskdeps) gendeps[v] = [];
  const runtaskdeps = [...t.deps].sort(codepoint);
  const runtaskhashes: Record<string, string> = {};
  for (const d of runtaskdeps) {
    const h = unihashes.get(d);
    if (!h) throw new Error(`two-builds: dependency ${d} of ${keyOf(t)} is not written before it`);
    runtaskhashes[d] = h;
  }
  const files: Array<[string, string | null]> = t.files ? t.files.map(([n, c]) => [n, c]) : [];
  const basehash = basehashOf(t.task, taskdeps, varvals);
  const taskhash = taskhashOf(basehash, runtaskdeps, runtaskhashes, files, t.taint);
  const sig: SigData = {
    task: t.task,
    basehashIgnoreVars: [...IGNORE_VARS],
    taskhashIgnoreTasks: null,
    taskdeps,
    basehash,
    gendeps,
    varvals,
    runtaskdeps,
    runtaskhashes,
    fileChecksumValues: files,
    taskhash,
    unihash: t.unihash ?? taskhash,
  };
  if (t.taint) sig.taint = t.taint;
  return sig;
}

/** The bytes of a modern sigdata file for a SigData. */
export function encodeModernSig(s: SigData): Buffer {
  const obj: Record<string, unknown> = {
    basehash: s.basehash,
    basehash_ignore_vars: set(s.basehashIgnoreVars),
    file_checksum_values: s.fileChecksumValues ?? [],
    gendeps: Object.fromEntries(Object.entries(s.gendeps).map(([k, v]) => [k, set(v)])),
    runtaskdeps: s.runtaskdeps ?? [],
    runtaskhashes: s.runtaskhashes ?? {},
    task: s.task,
    taskdeps: set(s.taskdeps),
    taskhash: s.taskhash,
    taskhash_ignore_tasks: s.taskhashIgnoreTasks,
    unihash: s.unihash,
    varvals: s.varvals,
  };
  if (s.taint) obj.taint = s.taint;
  return zstdCompressSync(Buffer.from(sortedJson(obj), 'utf8'));
}

/** Orders tasks so every dependency comes first (throws on a cycle: generated graphs have none). */
function topo(tasks: PlannedTask[]): PlannedTask[] {
  const byKey = new Map(tasks.map((t) => [keyOf(t), t]));
  const out: PlannedTask[] = [];
  const state = new Map<string, 1 | 2>();
  for (const root of tasks) {
    const stack: Array<[PlannedTask, number]> = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [t, i] = top;
      const k = keyOf(t);
      if (i === 0) {
        if (state.get(k) === 2) {
          stack.pop();
          continue;
        }
        state.set(k, 1);
      }
      if (i < t.deps.length) {
        top[1]++;
        const d = byKey.get(t.deps[i]!);
        if (!d) throw new Error(`two-builds: unknown dependency ${t.deps[i]}`);
        const ds = state.get(t.deps[i]!);
        if (ds === 1) throw new Error(`two-builds: cycle at ${t.deps[i]}`);
        if (ds !== 2) stack.push([d, 0]);
        continue;
      }
      stack.pop();
      if (state.get(k) !== 2) {
        state.set(k, 2);
        out.push(t);
      }
    }
  }
  return out;
}

/** What was written for one build: each task's signature and files. */
export interface WrittenBuild {
  dir: string;
  sigs: Map<string, { sig: SigData; sigdataPath: string; siginfoPath?: string }>;
}

/** Options of writeBuild. */
export interface WriteBuildOptions {
  /** mtime of every file written (a later write of the same task should get a later time). */
  mtime?: Date;
}

/**
 * Writes one task's signature into a build directory, as BitBake does when the task runs:
 * the `.sigdata.<unihash>` file (older ones stay), the task stamp (replacing older stamps of the
 * task), and for sstate tasks the sstate archive (empty: only its presence matters) + `.siginfo`.
 */
export function writeTaskSig(
  dir: string,
  t: Pick<PlannedTask, 'mc' | 'pn' | 'task' | 'sstate'>,
  sig: SigData,
  opts: WriteBuildOptions = {},
): { sigdataPath: string; siginfoPath?: string } {
  const stampDir = path.join(dir, t.mc ? `tmp-${t.mc}` : 'tmp', 'stamps', 'core2-64-poky-linux', t.pn);
  mkdirSync(stampDir, { recursive: true });
  const bytes = encodeModernSig(sig);
  const h = sig.unihash ?? sig.taskhash ?? sig.basehash;
  const sigdataPath = path.join(stampDir, `1.0.${t.task}.sigdata.${h}`);
  for (const f of readdirSync(stampDir)) {
    if (f.startsWith(`1.0.${t.task}.`) && !f.includes('.sigdata.')) rmSync(path.join(stampDir, f));
  }
  const stamp = path.join(stampDir, `1.0.${t.task}.${h}`);
  writeFileSync(sigdataPath, bytes);
  writeFileSync(stamp, '');
  const written: { sigdataPath: string; siginfoPath?: string } = { sigdataPath };
  const touched = [sigdataPath, stamp];
  if (t.sstate) {
    const sdir = path.join(dir, 'sstate-cache', h.slice(0, 2), h.slice(2, 4));
    mkdirSync(sdir, { recursive: true });
    const base = `sstate:${t.pn}:core2-64-poky-linux:1.0:r0:core2-64:14:${h}_${t.task.replace(/^do_/, '')}.tar.zst`;
    writeFileSync(path.join(sdir, base), '');
    written.siginfoPath = path.join(sdir, `${base}.siginfo`);
    writeFileSync(written.siginfoPath, bytes);
    touched.push(path.join(sdir, base), written.siginfoPath);
  }
  if (opts.mtime) for (const f of touched) utimesSync(f, opts.mtime, opts.mtime);
  return written;
}

/**
 * Writes a build directory: `conf/local.conf` (with BBMULTICONFIG), and every task's signature
 * in dependency order (each task's runtaskhashes are its dependencies' unihashes).
 */
export function writeBuild(dir: string, tasks: PlannedTask[], opts: WriteBuildOptions = {}): WrittenBuild {
  const mcs = [...new Set(tasks.map((t) => t.mc).filter((m): m is string => !!m))];
  mkdirSync(path.join(dir, 'conf'), { recursive: true });
  writeFileSync(
    path.join(dir, 'conf', 'local.conf'),
    `MACHINE = "qemux86-64"\n${mcs.length ? `BBMULTICONFIG = "${mcs.join(' ')}"\n` : ''}`,
  );
  const unihashes = new Map<string, string>();
  const sigs: WrittenBuild['sigs'] = new Map();
  for (const t of topo(tasks)) {
    const sig = sigDataOf(t, unihashes);
    const key = keyOf(t);
    unihashes.set(key, sig.unihash!);
    sigs.set(key, { sig, ...writeTaskSig(dir, t, sig, opts) });
  }
  return { dir, sigs };
}

// ---------------------------------------------------------------------------------------------
// Planted-cause scenarios

const STD_TASKS = ['do_fetch', 'do_compile', 'do_populate_sysroot'] as const;

/** Three tasks per recipe: fetch -> compile -> populate_sysroot (sstate), compile needing deps' sysroots. */
export function recipeTasks(
  pn: string,
  depRecipes: string[],
  extra: Partial<Record<string, string>> = {},
  mc?: string,
): PlannedTask[] {
  const k = (task: string) => keyOf({ mc, pn, task });
  const base = (task: string): PlannedTask => {
    const t: PlannedTask = { pn, task, deps: [], vars: { PN: pn, PV: '1.0' } };
    if (mc) t.mc = mc;
    return t;
  };
  const fetch = base('do_fetch');
  fetch.vars.SRC_URI = `https://example.com/${pn}-\${PV}.tar.xz file://fix.patch`;
  fetch.files = [['fix.patch', md5(`${pn} patch v1`)]];
  const compile = base('do_compile');
  compile.vars.CFLAGS = '-O2 -pipe';
  compile.deps = [k('do_fetch'), ...depRecipes.map((d) => keyOf({ mc, pn: d, task: 'do_populate_sysroot' }))];
  const sysroot = base('do_populate_sysroot');
  sysroot.deps = [k('do_compile')];
  sysroot.sstate = true;
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) compile.vars[name] = value;
  return [fetch, compile, sysroot];
}

/** md5 hex of a string (file checksums in sigdata are md5). */
export function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** Deep copy of a task list, so build B can be edited without touching A. */
export function cloneTasks(tasks: PlannedTask[]): PlannedTask[] {
  return tasks.map((t) => ({
    ...t,
    deps: [...t.deps],
    vars: { ...t.vars },
    ...(t.files ? { files: t.files.map(([n, c]) => [n, c] as [string, string]) } : {}),
  }));
}

/** Finds a task by key in a list (throws when absent: scenario code is wrong then). */
export function taskOf(tasks: PlannedTask[], key: string): PlannedTask {
  const t = tasks.find((x) => keyOf(x) === key);
  if (!t) throw new Error(`two-builds: no task ${key}`);
  return t;
}

export { STD_TASKS };

/** The small two-build scenario of the unit tests, with its known answer. */
export interface PlantedScenario {
  dirA: string;
  dirB: string;
  a: WrittenBuild;
  b: WrittenBuild;
  planted: PlantedCause[];
}

/**
 * Two builds of base <- libA, libB <- app (+ tool, eq, an mc1 copy of base, and recipes only in
 * one build). Planted in B:
 * - libA:do_compile CFLAGS carries the build machine's home path (variable + leak);
 * - libB:do_fetch's patch checksum changed (file) — a second, independent cause of
 *   app:do_compile, in another dependency branch than libA's;
 * - tool:do_compile tainted (forced run);
 * - eq:do_populate_sysroot same taskhash, another unihash (equivalence not shared), which
 *   changes the taskhashes of user:do_compile and user:do_populate_sysroot;
 * - base:do_populate_sysroot unchanged, but B's sstate archive is gone.
 */
export function plantedScenario(root: string): PlantedScenario {
  const tasksA: PlannedTask[] = [
    ...recipeTasks('base', []),
    ...recipeTasks('libA', ['base'], {
      CFLAGS_DEBUG: '-fdebug-prefix-map=/home/alice/build/tmp/work=/usr/src/debug',
    }),
    ...recipeTasks('libB', ['base']),
    ...recipeTasks('app', ['libA', 'libB']),
    ...recipeTasks('tool', []),
    ...recipeTasks('eq', []),
    ...recipeTasks('user', ['eq']),
    ...recipeTasks('base', [], {}, 'mc1'),
    ...recipeTasks('old', []),
  ];
  const tasksB = cloneTasks(tasksA).filter((t) => t.pn !== 'old');
  tasksB.push(...recipeTasks('new', []));
  taskOf(tasksB, 'libA:do_compile').vars.CFLAGS_DEBUG =
    '-fdebug-prefix-map=/home/bob/build/tmp/work=/usr/src/debug';
  taskOf(tasksB, 'libB:do_fetch').files = [['fix.patch', md5('libB patch v2')]];
  taskOf(tasksB, 'tool:do_compile').taint = 'nostamp:9b7e6c1e-3d4f-4a5b-8c9d-0e1f2a3b4c5d';
  taskOf(tasksB, 'eq:do_populate_sysroot').unihash = sha256('eq unihash from another server');
  const dirA = path.join(root, 'laptop');
  const dirB = path.join(root, 'ci');
  const a = writeBuild(dirA, tasksA);
  const b = writeBuild(dirB, tasksB);
  const baseSysroot = b.sigs.get('base:do_populate_sysroot')!;
  rmSync(baseSysroot.siginfoPath!.replace(/\.siginfo$/, ''));
  return {
    dirA,
    dirB,
    a,
    b,
    planted: [
      { task: 'libA:do_compile', kind: 'variable', variable: 'CFLAGS_DEBUG' },
      { task: 'libB:do_fetch', kind: 'file', file: 'fix.patch' },
      { task: 'tool:do_compile', kind: 'taint' },
      { task: 'eq:do_populate_sysroot', kind: 'unihash' },
    ],
  };
}

/** Options of generatedBuildPair. */
export interface GeneratedPairOptions {
  /** Tasks per build (3 per recipe), default 10,000. */
  tasks?: number;
  /** Causes planted in B, default 100. */
  causes?: number;
  seed?: number;
}

/**
 * A large pair of builds for the benchmark: recipes of 3 tasks, each recipe depending on up to
 * 3 earlier recipes; B differs from A by `causes` planted causes at distinct recipes, rotating
 * variable (with a leaked home path) / file checksum / taint. Deterministic for a seed.
 */
export function generatedBuildPair(root: string, opts: GeneratedPairOptions = {}): PlantedScenario {
  const recipes = Math.ceil((opts.tasks ?? 10_000) / 3);
  const causes = Math.min(opts.causes ?? 100, recipes);
  let seed = opts.seed ?? 42;
  const rand = (n: number): number => {
    // xorshift32: deterministic, no dependency.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const name = (i: number): string => `r${String(i).padStart(5, '0')}`;
  const tasksA: PlannedTask[] = [];
  for (let i = 0; i < recipes; i++) {
    const deps = new Set<string>();
    const nDeps = i === 0 ? 0 : 1 + rand(3);
    for (let k = 0; k < nDeps; k++) deps.add(name(Math.max(0, i - 1 - rand(Math.min(i, 200)))));
    tasksA.push(...recipeTasks(name(i), [...deps]));
  }
  const tasksB = cloneTasks(tasksA);
  const chosen = new Set<number>();
  while (chosen.size < causes) chosen.add(rand(recipes));
  const planted: PlantedCause[] = [];
  [...chosen]
    .sort((x, y) => x - y)
    .forEach((i, n) => {
      const pn = name(i);
      switch (n % 3) {
        case 0: {
          const t = taskOf(tasksB, `${pn}:do_compile`);
          t.vars.CFLAGS = `-O2 -pipe -ffile-prefix-map=/home/ci/build/tmp/work/${pn}=/usr/src/debug`;
          planted.push({ task: `${pn}:do_compile`, kind: 'variable', variable: 'CFLAGS' });
          break;
        }
        case 1:
          taskOf(tasksB, `${pn}:do_fetch`).files = [['fix.patch', md5(`${pn} patch v2`)]];
          planted.push({ task: `${pn}:do_fetch`, kind: 'file', file: 'fix.patch' });
          break;
        default:
          taskOf(tasksB, `${pn}:do_compile`).taint = `nostamp:${sha256(pn).slice(0, 32)}`;
          planted.push({ task: `${pn}:do_compile`, kind: 'taint' });
      }
    });
  const dirA = path.join(root, 'a');
  const dirB = path.join(root, 'b');
  return { dirA, dirB, a: writeBuild(dirA, tasksA), b: writeBuild(dirB, tasksB), planted };
}
