/** Stamps directory scanner (spec local-caches.md §D). */
export { scanStamps, unihashCacheKeyOf } from './stamps-scanner';
export type { ScanStampsOptions } from './stamps-scanner';
export { parseStampName } from './stamp-name';
export type { StampName } from './stamp-name';
