import type { CanonicalValue } from '../sources/eventlog/eventlog-canonical';

/** What the outcome derivation needs from `DepTreeGenerated._depgraph` (spec eventlog.md §5.4). */
export interface DepTree {
  /** Every run-queue task, as tids (`<taskfile>:<task>`). */
  tids: string[];
  /** taskfile (with `mc:`/`virtual:` prefixes) -> pn without the `mc:<mc>:` prefix. */
  pnByTaskfile: Map<string, string>;
}

function asObject(v: CanonicalValue | undefined): Record<string, CanonicalValue> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** `mc:mc1:zlib` -> `zlib`; plain pns unchanged. */
export function stripMcPrefix(pn: string): string {
  if (!pn.startsWith('mc:')) return pn;
  const colon = pn.indexOf(':', 3);
  return colon >= 0 ? pn.slice(colon + 1) : pn;
}

/**
 * Reads the task list and pn of each taskfile from a canonical `_depgraph`: `pn` maps each pn
 * (multiconfig ones prefixed `mc:<mc>:`) to `{filename: taskfile}`, `tdepends` has one key
 * `<pn>.<task>` per run-queue task (task names have no dot, so the last dot splits).
 * Missing or odd parts give an empty tree rather than an error: the log still has its events.
 */
export function readDepTree(depgraph: CanonicalValue | undefined): DepTree {
  const tree: DepTree = { tids: [], pnByTaskfile: new Map() };
  const g = asObject(depgraph);
  if (!g) return tree;
  const taskfileByPn = new Map<string, string>();
  const pns = asObject(g.pn);
  if (pns) {
    for (const [pn, info] of Object.entries(pns)) {
      const filename = asObject(info)?.filename;
      if (typeof filename !== 'string') continue;
      taskfileByPn.set(pn, filename);
      tree.pnByTaskfile.set(filename, stripMcPrefix(pn));
    }
  }
  const tdepends = asObject(g.tdepends);
  if (tdepends) {
    for (const key of Object.keys(tdepends)) {
      const dot = key.lastIndexOf('.');
      if (dot <= 0) continue;
      const taskfile = taskfileByPn.get(key.slice(0, dot));
      if (taskfile !== undefined) tree.tids.push(`${taskfile}:${key.slice(dot + 1)}`);
    }
  }
  return tree;
}
