import type { SstateObject } from './sstate-types';

/** Fast lookups over the objects of a scan. */
export interface SstateIndex {
  /** Objects whose name carries this hash (the unihash; taskhash before hash equivalence). */
  byUnihash(hash: string): SstateObject[];
  /** Objects of a recipe, optionally of one task (`populate_sysroot` or `do_populate_sysroot`). */
  byPnTask(pn: string, task?: string): SstateObject[];
}

/** Builds the index once; each lookup is then a map access. */
export function indexSstateObjects(objects: readonly SstateObject[]): SstateIndex {
  const byHash = new Map<string, SstateObject[]>();
  const byPn = new Map<string, SstateObject[]>();
  for (const o of objects) {
    push(byHash, o.name.unihash, o);
    push(byPn, o.name.pn, o);
  }
  return {
    byUnihash: (hash) => byHash.get(hash.toLowerCase()) ?? [],
    byPnTask: (pn, task) => {
      const all = byPn.get(pn) ?? [];
      if (task === undefined) return all;
      const t = task.startsWith('do_') ? task.slice(3) : task;
      return all.filter((o) => o.name.task === t);
    },
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
