/** Read-only reader of the legacy bb_persist_data.sqlite3 (spec local-caches.md §A). */
export { domainKind, openPersistData, UNIHASH_DOMAIN_PREFIX } from './persist-data-reader';
export type { PersistDataDb, PersistIterateOptions } from './persist-data-reader';
export { parsePersistUnihashKey } from './persist-unihash-key';
export type { PersistUnihashKey } from './persist-unihash-key';
