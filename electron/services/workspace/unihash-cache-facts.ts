/**
 * bb_unihashes.dat as unihash facts, read by sources/unihashes (spec local-caches.md §B.2).
 * Version "1" entries name a recipe file instead of PN; PN is derived from it.
 */
import { readUnihashCache } from '../sources/unihashes';
import type { UnihashFact } from './task-index';

/** The cache's version string and its entries as facts. */
export interface UnihashCacheFacts {
  version: string;
  facts: UnihashFact[];
}

/** `[virtual:<cls>:]<dir>/zlib_1.2.11.bb` -> `zlib` / `zlib-native` / `nativesdk-zlib`. */
export function pnFromRecipeFile(recipeFile: string): string {
  const m = /^virtual:([^:]+):(.*)$/.exec(recipeFile);
  const variant = m?.[1] ?? null;
  const base = (m?.[2] ?? recipeFile).split('/').pop()?.replace(/\.bb$/, '') ?? '';
  const pn = base.includes('_') ? base.slice(0, base.indexOf('_')) : base;
  if (!variant) return pn;
  return variant === 'native' || variant === 'cross' ? `${pn}-${variant}` : `${variant}-${pn}`;
}

/** Reads bb_unihashes.dat; throws InspectorError naming the file and entry on bad content. */
export function readUnihashCacheFacts(file: string): UnihashCacheFacts {
  const cache = readUnihashCache(file);
  return {
    version: cache.version,
    facts: cache.entries.map((e) => ({
      mc: e.mc,
      pn: e.pn ?? pnFromRecipeFile(e.recipeFile ?? ''),
      task: e.task,
      taskhash: e.taskhash,
      unihash: e.unihash,
    })),
  };
}
