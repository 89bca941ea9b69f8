/**
 * Root causes of a hash difference. Starting from a task whose signature differs between two
 * sides, follow EVERY dependency whose hash changed (not only the first, as bitbake-diffsigs
 * does), find each dependency's two signatures by hash among the stamps and sstate `.siginfo`
 * files of both sides, and collect the tasks whose own inputs changed (variables, files, taint,
 * ignore lists, dependency set). Tasks already explained are folded (visited once); missing or
 * unreadable signatures are reported by task and hash and the walk goes on; dependency cycles in
 * malformed input are cut and reported, never followed forever.
 */
import type { ErrorInfo } from '../../../shared/model/errors';
import type { SigData, SigFile } from '../../../shared/model/sigdata';
import { formatTaskId } from '../../../shared/model/task-id';
import { diffSigData, ownCauseKinds, type OwnCauseKind, type SigDiff } from '../../../shared/model/sig-diff';
import { throwIfCancelled } from '../jobs/cancel';
import { splitTaskKey } from './sig-file-names';
import type { BuildSigIndex } from './sig-index';

/** Why a task is a root: its own inputs changed, or we could not look further. */
export type RootKind = OwnCauseKind | 'unihash-only' | 'missing-sigdata' | 'unexplained';

/** A signature that was needed and not found (or not readable). */
export interface MissingSig {
  /** The task id as the dependent signature names it (`zlib:do_configure`). */
  task: string;
  hash: string;
  side: 'a' | 'b';
  /** Which task needed it. */
  neededBy: string;
  /** The file names that were looked for (stamps sigdata, sstate siginfo), in both builds. */
  expected: string[];
  error?: ErrorInfo;
}

/** One task whose own inputs changed (or whose signature is missing): a root cause. */
export interface RootCause {
  task: string;
  kinds: RootKind[];
  hashA: string;
  hashB: string;
  fileA?: string;
  fileB?: string;
  /** Its own signature diff (categories as in bitbake-diffsigs); absent when a file is missing. */
  diff?: SigDiff;
}

/** One visited task of the walk. */
interface WalkNode {
  id: string;
  task: string;
  hashA: string;
  hashB: string;
  state: 'visiting' | 'done';
  own: RootKind[];
  fileA?: string;
  fileB?: string;
  diff?: SigDiff;
  /** Node ids of dependencies whose hash changed. */
  children: string[];
  /** Root node ids reachable from here (itself included when it is a root). */
  roots: Set<string>;
  /** For each root: the child through which it was first reached (the path's next hop). */
  via: Map<string, string>;
  cause?: RootCause;
}

/** The answer for one start task. */
export interface RootCauseReport {
  task: string;
  /** Root causes reachable from the task, deepest-first order of discovery, each once. */
  roots: RootCause[];
  /** For each root, the dependency path from the start task down to it (start first). */
  paths: Array<{ root: string; path: string[] }>;
  missing: MissingSig[];
  /** Dependency cycles cut during the walk (malformed input), as task id lists. */
  cycles: string[][];
}

/**
 * Walks signature differences between side A and side B. One walker can answer many start
 * tasks; what it has explained once it reuses (folding), which is what makes comparing two
 * whole builds linear in their size.
 */
export class RootCauseWalker {
  private readonly nodes = new Map<string, WalkNode>();
  readonly missing: MissingSig[] = [];
  readonly cycles: string[][] = [];
  private readonly stack: string[] = [];

  constructor(
    private readonly a: BuildSigIndex,
    private readonly b: BuildSigIndex,
    private readonly signal?: AbortSignal,
  ) {}

  /** Explains why `sigA` and `sigB` (two signatures of `task`) have different hashes. */
  async explain(task: string, sigA: SigFile, sigB: SigFile): Promise<RootCauseReport> {
    const id = await this.visit(task, sigA, sigB);
    return this.report(id);
  }

  /** Like explain but returns only the root node ids (cheap; for comparing whole builds). */
  async rootsOf(task: string, sigA: SigFile, sigB: SigFile): Promise<RootCause[]> {
    const id = await this.visit(task, sigA, sigB);
    return [...this.nodes.get(id)!.roots].map((r) => this.rootCause(r));
  }

  /** The RootCause record of a root node id. */
  rootCause(id: string): RootCause {
    const n = this.nodes.get(id)!;
    if (n.cause) return n.cause;
    const rc: RootCause = { task: n.task, kinds: n.own, hashA: n.hashA, hashB: n.hashB };
    if (n.fileA) rc.fileA = n.fileA;
    if (n.fileB) rc.fileB = n.fileB;
    if (n.diff) rc.diff = n.diff;
    // One object per root, shared by every task it explains (comparing builds asks thousands of times).
    n.cause = rc;
    return rc;
  }

  /** The dependency path from node `from` down to root `root` (task ids). */
  pathTo(from: string, root: string): string[] {
    const path: string[] = [];
    let cur: string | undefined = from;
    const seen = new Set<string>();
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      const n: WalkNode = this.nodes.get(cur)!;
      path.push(n.task);
      if (cur === root) break;
      cur = n.via.get(root);
    }
    return path;
  }

  private report(id: string): RootCauseReport {
    const n = this.nodes.get(id)!;
    const rootIds = [...n.roots];
    const reach = this.reachable(id);
    return {
      task: n.task,
      roots: rootIds.map((r) => this.rootCause(r)),
      paths: rootIds.map((r) => ({ root: this.nodes.get(r)!.task, path: this.pathTo(id, r) })),
      missing: this.missing.filter((m) => reach.has(m.neededBy)),
      cycles: this.cycles.filter((c) => c.some((t) => reach.has(t))),
    };
  }

  private reachable(id: string): Set<string> {
    const tasks = new Set<string>();
    const seen = new Set<string>([id]);
    const todo = [id];
    while (todo.length > 0) {
      const n = this.nodes.get(todo.pop()!)!;
      tasks.add(n.task);
      for (const c of n.children)
        if (!seen.has(c)) {
          seen.add(c);
          todo.push(c);
        }
    }
    return tasks;
  }

  private async visit(task: string, sigA: SigFile, sigB: SigFile): Promise<string> {
    const hashA = sigA.data.unihash ?? sigA.data.taskhash ?? sigA.computedTaskhash ?? sigA.computedBasehash;
    const hashB = sigB.data.unihash ?? sigB.data.taskhash ?? sigB.computedTaskhash ?? sigB.computedBasehash;
    const id = nodeId(task, hashA, hashB);
    const existing = this.nodes.get(id);
    if (existing) return id;
    throwIfCancelled(this.signal, 'Root-cause analysis');
    const diff = diffSigData(sigA.data, sigB.data);
    const node: WalkNode = {
      id,
      task,
      hashA,
      hashB,
      state: 'visiting',
      own: ownCauseKinds(diff),
      fileA: sigA.path,
      fileB: sigB.path,
      diff,
      children: [],
      roots: new Set(),
      via: new Map(),
    };
    this.nodes.set(id, node);
    this.stack.push(task);
    for (const dep of changedDependencies(sigA.data, sigB.data)) {
      const child = await this.visitDependency(task, dep.id, dep.a, dep.b);
      if (!child) continue;
      const c = this.nodes.get(child)!;
      if (c.state === 'visiting') {
        // A dependency cycle: only malformed input has one. Cut the edge and say so.
        const from = this.stack.indexOf(c.task);
        this.cycles.push([...this.stack.slice(from < 0 ? 0 : from), c.task]);
        continue;
      }
      node.children.push(child);
      for (const r of c.roots) {
        if (!node.roots.has(r)) {
          node.roots.add(r);
          node.via.set(r, child);
        }
      }
    }
    // Same inputs (same taskhash) but another unihash: the equivalence one side has was not shared.
    if (node.own.length === 0 && node.children.length === 0) {
      if (sigA.data.taskhash === sigB.data.taskhash) {
        if ((sigA.data.unihash ?? '') !== (sigB.data.unihash ?? '')) node.own = ['unihash-only'];
      } else if (changedDependencies(sigA.data, sigB.data).length === 0) {
        // Different taskhash with no visible cause (e.g. a file that does not recompute): say so.
        node.own = ['unexplained'];
      }
    }
    if (node.own.length > 0) node.roots.add(id);
    this.stack.pop();
    node.state = 'done';
    return id;
  }

  private async visitDependency(
    neededBy: string,
    dep: string,
    hashA: string,
    hashB: string,
  ): Promise<string | undefined> {
    const id = nodeId(dep, hashA, hashB);
    if (this.nodes.has(id)) return id;
    const key = depKey(dep);
    const sa = (await this.a.findByHash(key, hashA)) ?? (await this.b.findByHash(key, hashA));
    const sb = (await this.b.findByHash(key, hashB)) ?? (await this.a.findByHash(key, hashB));
    if (sa && sb) return this.visit(dep, sa, sb);
    // A signature we cannot see: this dependency is where the explanation stops on this branch.
    const expected = (h: string): string[] => {
      const { mc, pn, task } = splitTaskKey(key);
      const tmp = mc ? `tmp-${mc}` : 'tmp';
      return [this.a.root, ...(this.b.root === this.a.root ? [] : [this.b.root])].flatMap((root) => [
        `${root}/${tmp}/stamps/*/${pn}/*.${task}.sigdata.${h}`,
        `${root}/sstate-cache/**/sstate:${pn}:*:${h}_${task.replace(/^do_/, '')}.tar.zst.siginfo`,
      ]);
    };
    if (!sa) this.missing.push({ task: dep, hash: hashA, side: 'a', neededBy, expected: expected(hashA) });
    if (!sb) this.missing.push({ task: dep, hash: hashB, side: 'b', neededBy, expected: expected(hashB) });
    const node: WalkNode = {
      id,
      task: dep,
      hashA,
      hashB,
      state: 'done',
      own: ['missing-sigdata'],
      children: [],
      roots: new Set([id]),
      via: new Map(),
    };
    if (sa) node.fileA = sa.path;
    if (sb) node.fileB = sb.path;
    this.nodes.set(id, node);
    return id;
  }
}

function nodeId(task: string, a: string, b: string): string {
  return `${task}\u0000${a}\u0000${b}`;
}

/** Dependencies present on both sides whose recorded hash differs, in A's file order. */
export function changedDependencies(a: SigData, b: SigData): Array<{ id: string; a: string; b: string }> {
  const ha = a.runtaskhashes ?? {};
  const hb = b.runtaskhashes ?? {};
  const out: Array<{ id: string; a: string; b: string }> = [];
  const order = a.runtaskdeps ?? Object.keys(ha);
  for (const id of order) {
    const x = ha[id];
    const y = hb[id];
    if (x !== undefined && y !== undefined && x !== y) out.push({ id, a: x, b: y });
  }
  return out;
}

/**
 * The index key of a dependency id. Modern ids are keys already; legacy full-path ids
 * (`[mc:<mc>:][virtual:<cls>:]/path/zlib_1.3.1.bb:do_configure`) map to `<pn>:<task>` with the
 * PN taken from the recipe file name (text before `_`, `-native` for the native variant).
 */
export function depKey(id: string): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  const prefix = id.slice(0, slash);
  const colon = id.lastIndexOf(':');
  const file = id.slice(id.lastIndexOf('/', colon) + 1, colon);
  const task = id.slice(colon + 1);
  let pn = file.replace(/\.bb$/, '').split('_')[0]!;
  const mc = /(?:^|:)(?:mc|multiconfig):([^:]+):/.exec(prefix);
  const virt = /virtual:([^:]+):/.exec(prefix);
  if (virt?.[1] === 'native') pn = `${pn}-native`;
  else if (virt?.[1] === 'nativesdk') pn = `nativesdk-${pn}`;
  return formatTaskId(mc?.[1] ?? '', pn, task);
}
