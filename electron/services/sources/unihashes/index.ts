/** bb_unihashes.dat reader (spec local-caches.md §B). */
export {
  MAX_UNIHASH_CACHE_BYTES,
  parseUnihashCache,
  readUnihashCache,
  remappedEntries,
} from './unihash-cache-reader';
export type { ReadUnihashCacheOptions } from './unihash-cache-reader';
