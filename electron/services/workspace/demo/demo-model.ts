/**
 * Simulates two builds of the demo distribution with hash equivalence, the way BitBake and a
 * hashserv would: signatures (basehash/taskhash recomputed with computeSigHashes), outhashes of
 * the sstate tasks' outputs, and the server's answers (an unseen taskhash whose outhash is already
 * known gets the older unihash). Pure data: the writer turns it into files.
 */
import { createHash } from 'node:crypto';
import type { SigData } from '../../../../shared/model/sigdata';
// The runtaskdeps id of a task (mc ids carry the `mc:<mc>:` prefix since BitBake 2.6).
import { formatTaskId as taskId } from '../../../../shared/model/task-id';
import { computeSigHashes } from '../../sources/siginfo/sig-hashes';
import type { DemoRecipe } from './demo-recipes';
import {
  DEMO_CHANGES,
  DEMO_MC1_RECIPES,
  DEMO_RECIPES,
  NATIVE_TASKS,
  SSTATE_TASKS,
  TARGET_TASKS,
  TASK_DEPS,
} from './demo-recipes';
import type { OutEntry } from './demo-output';
import { depsigText, outhashOf, outputTree } from './demo-output';

/** The output-hash method the demo reports under (as OE-Core does). */
export const DEMO_METHOD = 'oe.sstatesig.OEOuthashBasic';

/** One configuration: the default one ('') or a multiconfig. */
export interface DemoConfig {
  mc: string;
  machine: string;
  /** MULTIMACH_TARGET_SYS of target recipes. */
  targetSys: string;
  /** SSTATE_PKGARCH of target recipes. */
  pkgarch: string;
  tmpdir: string;
}

/** The default configuration and mc1. */
export const DEMO_CONFIGS: readonly DemoConfig[] = [
  { mc: '', machine: 'qemux86-64', targetSys: 'core2-64-poky-linux', pkgarch: 'core2-64', tmpdir: 'tmp' },
  { mc: 'mc1', machine: 'qemuarm64', targetSys: 'cortexa57-poky-linux', pkgarch: 'cortexa57', tmpdir: 'tmp-mc1' },
];

/** One task of one configuration. */
export interface DemoTask {
  cfg: DemoConfig;
  recipe: DemoRecipe;
  task: string;
  /** `<pn>:<task>` or `mc:<mc>:<pn>:<task>` (the runtaskdeps id). */
  id: string;
  deps: string[];
  sstate: boolean;
}

/** What happened to one task in one run. */
export interface DemoTaskRun {
  task: DemoTask;
  sig: SigData;
  taskhash: string;
  unihash: string;
  /** False when the taskhash was unchanged since the previous run (stamp still valid). */
  ran: boolean;
  /** For sstate tasks that ran. */
  output?: { entries: OutEntry[]; depsig: string; outhash: string; pkgspec: string; repeated?: boolean };
  /** Process id of the task (depsig.do_<task>.<pid>). */
  pid: number;
  /** Completion time, seconds since the epoch. */
  time: number;
}

/** A row the server stored. */
export interface DemoServerRow {
  taskhash: string;
  unihash: string;
  outhash: string;
  created: string;
  owner: string;
  pn: string;
  pv: string;
  task: string;
  siginfo: string;
}

/** The server's state after both runs. */
export interface DemoServer {
  unihashes: Map<string, string>;
  /** Rows of outhashes_v2 in insertion order. */
  outhashes: DemoServerRow[];
}

/** Everything the writer needs. */
export interface DemoModel {
  tasks: DemoTask[];
  runs: [Map<string, DemoTaskRun>, Map<string, DemoTaskRun>];
  server: DemoServer;
}

/** Deterministic 32-bit PRNG (mulberry32); the demo's only source of "randomness". */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');


/** Every task of every configuration, in an order where dependencies come first. */
export function demoTasks(): DemoTask[] {
  const out: DemoTask[] = [];
  for (const cfg of DEMO_CONFIGS) {
    const recipes = cfg.mc ? DEMO_RECIPES.filter((r) => DEMO_MC1_RECIPES.includes(r.pn)) : DEMO_RECIPES;
    const present = new Set(recipes.map((r) => r.pn));
    for (const recipe of recipes) {
      const tasks: readonly string[] = recipe.kind === 'native' ? NATIVE_TASKS : TARGET_TASKS;
      for (const task of tasks) {
        const deps = (TASK_DEPS[task] ?? []).filter((t) => tasks.includes(t)).map((t) => taskId(cfg.mc, recipe.pn, t));
        if (task === 'do_prepare_recipe_sysroot') {
          // Cross-configuration dependencies would need mcdepends; mc1 simply drops them.
          for (const dep of recipe.depends) if (present.has(dep)) deps.push(taskId(cfg.mc, dep, 'do_populate_sysroot'));
        }
        out.push({ cfg, recipe, task, id: taskId(cfg.mc, recipe.pn, task), deps: deps.sort(), sstate: SSTATE_TASKS.has(task) });
      }
    }
  }
  return out;
}

/** The variable a recipe's do_compile / do_configure read, with its value in a run. */
function changedVars(pn: string, run: 1 | 2): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const c of DEMO_CHANGES) if (c.pn === pn) vars[c.variable] = run === 1 ? c.run1 : c.run2;
  return vars;
}

/** The signature data of a task (before its hashes are filled in). */
function signature(t: DemoTask, run: 1 | 2, depHashes: Record<string, string>): SigData {
  const { recipe, cfg, task } = t;
  const varvals: Record<string, string | null> = { PN: recipe.pn, PV: recipe.pv };
  const fn = `    bb.note("${task} of \${PN}")\n    oe_demo_${task.slice(3)}\n`;
  varvals[task] = fn;
  varvals[`oe_demo_${task.slice(3)}`] = `    # ${task.slice(3)} step of the demo build\n    true\n`;
  const taskdeps = ['PN', 'PV', `oe_demo_${task.slice(3)}`];
  const gendeps: Record<string, string[]> = { PN: [], PV: [], [`oe_demo_${task.slice(3)}`]: [] };
  gendeps[task] = [`oe_demo_${task.slice(3)}`];
  const fileChecksums: Array<[string, string | null]> = [];
  if (task === 'do_fetch') {
    varvals.SRC_URI = `https://downloads.example.org/\${PN}-\${PV}.tar.gz ${recipe.patches.map((p) => `file://${p}`).join(' ')}`.trim();
    taskdeps.push('SRC_URI');
    gendeps.SRC_URI = ['PN', 'PV'];
    for (const p of [...recipe.patches].sort()) fileChecksums.push([p, md5(`${recipe.pn}/${p}`)]);
  }
  if (task === 'do_configure' || task === 'do_compile' || task === 'do_install') {
    // Machine-specific variables make every configuration's tasks differ from the default's.
    varvals.MACHINE_ARCH = cfg.pkgarch;
    varvals.TARGET_SYS = recipe.kind === 'native' ? 'x86_64-linux' : cfg.targetSys;
    taskdeps.push('MACHINE_ARCH', 'TARGET_SYS');
    gendeps.MACHINE_ARCH = [];
    gendeps.TARGET_SYS = [];
  }
  if (task === 'do_configure' || task === 'do_compile') {
    for (const [name, value] of Object.entries(changedVars(recipe.pn, run))) {
      const readsIt = (name === 'BUSYBOX_APPLETS') === (task === 'do_configure');
      if (!readsIt) continue;
      varvals[name] = value;
      taskdeps.push(name);
      gendeps[name] = [];
      gendeps[task] = [...(gendeps[task] ?? []), name];
    }
  }
  for (const k of Object.keys(gendeps)) gendeps[k] = [...(gendeps[k] ?? [])].sort();
  const runtaskdeps = [...t.deps];
  const runtaskhashes: Record<string, string> = {};
  for (const d of runtaskdeps) runtaskhashes[d] = depHashes[d] ?? '';
  return {
    task,
    basehashIgnoreVars: ['BB_TASKHASH', 'DATE', 'DL_DIR', 'SSTATE_DIR', 'THISDIR', 'TIME', 'TMPDIR', 'WORKDIR'],
    taskhashIgnoreTasks: null,
    taskdeps: taskdeps.sort(),
    basehash: '',
    gendeps,
    varvals,
    runtaskdeps,
    runtaskhashes,
    fileChecksumValues: fileChecksums,
  };
}

/** The SSTATE_PKGSPEC of a task's object (software spec for populate_lic, §2). */
export function pkgspecOf(t: DemoTask): string {
  const { recipe, cfg } = t;
  if (t.task === 'do_populate_lic') return `sstate:${recipe.pn}::${recipe.pv}:r0::14:`;
  const native = recipe.kind === 'native';
  const archspec = native ? 'x86_64-linux' : cfg.targetSys;
  const pkgarch = native ? 'x86_64' : cfg.pkgarch;
  return `sstate:${recipe.pn}:${archspec}:${recipe.pv}:r0:${pkgarch}:14:`;
}

/** Seconds since the epoch at which each run starts (fixed dates: the demo is reproducible). */
const RUN_START = { 1: Date.UTC(2026, 0, 12, 9, 0, 0) / 1000, 2: Date.UTC(2026, 0, 13, 14, 30, 0) / 1000 } as const;

/** ISO-8601 with offset and microseconds, as hashserv stores `created` since 2025. */
export function isoCreated(seconds: number): string {
  const d = new Date(Math.round(seconds * 1000));
  return d.toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1000') + '+00:00';
}

/** Runs both builds. */
export function buildDemoModel(seed = 20260112): DemoModel {
  const rnd = seededRandom(seed);
  const tasks = demoTasks();
  const server: DemoServer = { unihashes: new Map(), outhashes: [] };
  const byOuthash = new Map<string, string>();
  const reported = new Set<string>();
  let prev: Map<string, DemoTaskRun> | null = null;
  const result: Array<Map<string, DemoTaskRun>> = [];
  for (const run of [1, 2] as const) {
    const cur = new Map<string, DemoTaskRun>();
    let clock = RUN_START[run];
    let pid = run === 1 ? 28000 : 31000;
    for (const t of tasks) {
      const depHashes: Record<string, string> = {};
      for (const d of t.deps) depHashes[d] = cur.get(d)?.unihash ?? '';
      const sig = signature(t, run, depHashes);
      const { basehash, taskhash } = computeSigHashes(sig);
      sig.basehash = basehash;
      const th = taskhash ?? basehash;
      sig.taskhash = th;
      const before = prev?.get(t.id);
      pid += 1 + Math.floor(rnd() * 40);
      if (before && before.taskhash === th) {
        cur.set(t.id, { ...before, ran: false });
        continue;
      }
      clock += 1 + Math.floor(rnd() * 30) + rnd();
      let unihash = th;
      let output: DemoTaskRun['output'];
      if (t.sstate) {
        const change = DEMO_CHANGES.find((c) => c.pn === t.recipe.pn && c.effect === 'new-output');
        const outSeed = `out-${change && run === 2 && t.task !== 'do_populate_lic' ? 2 : 1}`;
        const native = t.recipe.kind === 'native';
        const entries = outputTree(t.task.slice(3), t.recipe.pn, t.recipe.pv, native, native ? 'x86_64' : t.cfg.pkgarch, outSeed);
        const pkgspec = pkgspecOf(t);
        const depsig = depsigText(t.task.slice(3), pkgspec, entries);
        const outhash = outhashOf(depsig);
        output = { entries, depsig, outhash, pkgspec };
        // The server: a known taskhash keeps its unihash; a new one with a known outhash is folded.
        const known = server.unihashes.get(th);
        unihash = known ?? byOuthash.get(outhash) ?? th;
        if (!known) server.unihashes.set(th, unihash);
        if (!byOuthash.has(outhash)) byOuthash.set(outhash, unihash);
        // The server keeps one row per (method, taskhash, outhash): a repeated report is a no-op.
        const reportKey = `${th}:${outhash}`;
        if (!reported.has(reportKey)) reported.add(reportKey);
        else output = { ...output, repeated: true };
        if (!output.repeated) server.outhashes.push({
          taskhash: th,
          unihash,
          outhash,
          created: isoCreated(clock),
          owner: 'demo-builder',
          pn: t.recipe.pn,
          pv: t.recipe.pv,
          task: t.task.slice(3),
          siginfo: depsig,
        });
      }
      sig.unihash = unihash;
      cur.set(t.id, { task: t, sig, taskhash: th, unihash, ran: true, output, pid, time: clock });
    }
    result.push(cur);
    prev = cur;
  }
  const [r1, r2] = result;
  if (!r1 || !r2) throw new Error('demo model: two runs expected');
  return { tasks, runs: [r1, r2], server };
}
