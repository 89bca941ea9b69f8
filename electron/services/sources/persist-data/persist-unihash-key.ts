/**
 * Splits a key of a persist_data unihash cache (OE-Core warrior, BitBake 1.42):
 * `[multiconfig:<mc>:][virtual:<class>:]<recipe.bb>.<do_task>:<taskhash>` (spec local-caches.md
 * §A.3). The taskhash follows the last `:`, the task follows the last `.do_` before it.
 */

/** The parts of a persist_data unihash key. */
export interface PersistUnihashKey {
  /** Recipe file with its prefixes, as BitBake wrote it. */
  recipeFile: string;
  /** '' for the default configuration. */
  mc: string;
  /** The `virtual:<class>:` class, e.g. 'native', or null. */
  variant: string | null;
  /** `do_populate_sysroot`. */
  task: string;
  taskhash: string;
}

/** Parses a key, or returns null when it does not have the expected shape. */
export function parsePersistUnihashKey(key: string): PersistUnihashKey | null {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return null;
  const taskhash = key.slice(colon + 1);
  const tid = key.slice(0, colon);
  const dot = tid.lastIndexOf('.do_');
  if (taskhash === '' || dot <= 0) return null;
  const task = tid.slice(dot + 1);
  const recipeFile = tid.slice(0, dot);
  if (task.length <= 3 || task.includes(':')) return null;
  let mc = '';
  let variant: string | null = null;
  // Prefixes may nest (multiconfig:mc1:virtual:native:/path); `mc:` came with 1.44 but is harmless.
  let rest = recipeFile;
  for (;;) {
    const m = /^(multiconfig|mc|virtual):([^:/]*):/.exec(rest);
    if (!m) break;
    if (m[1] === 'virtual') variant = m[2] ?? null;
    else mc = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return { recipeFile, mc, variant, task, taskhash };
}
