/** Read-only reader of hashserv.db (every schema of spec local-caches.md §C). */
export { openHashservDb } from './hashserv-db-reader';
export type { HashservDb, IterateOptions } from './hashserv-db-reader';
export { detectHashservSchema, layoutOf } from './hashserv-schema';
export type { HashservLayout } from './hashserv-schema';
