/**
 * Which hashserv.db schema a database has, told by its table names (spec local-caches.md §C.3),
 * and where each kind of row lives in that schema.
 */
import type { HashservSchema } from '../../../../shared/model/sources';

/** Where unihash and outhash rows are stored for one schema. */
export interface HashservLayout {
  schema: HashservSchema;
  /** Table with taskhash -> unihash rows. For tasks_v* it is the single table. */
  unihashTable: string;
  /** Table with outhash reports. */
  outhashTable: string;
  /** True for tasks_v1 / tasks_v2: one row carries both mappings. */
  singleTable: boolean;
  /** Human hint of the BitBake versions that wrote it. */
  release: string;
}

const LAYOUTS: Record<HashservSchema, HashservLayout> = {
  v3: {
    schema: 'v3',
    unihashTable: 'unihashes_v3',
    outhashTable: 'outhashes_v2',
    singleTable: false,
    release: 'BitBake >= 2.8',
  },
  split_v2: {
    schema: 'split_v2',
    unihashTable: 'unihashes_v2',
    outhashTable: 'outhashes_v2',
    singleTable: false,
    release: 'BitBake 1.52 - 2.6',
  },
  tasks_v2: {
    schema: 'tasks_v2',
    unihashTable: 'tasks_v2',
    outhashTable: 'tasks_v2',
    singleTable: true,
    release: 'BitBake 1.44 - 1.50',
  },
  tasks_v1: {
    schema: 'tasks_v1',
    unihashTable: 'tasks_v1',
    outhashTable: 'tasks_v1',
    singleTable: true,
    release: 'BitBake 1.42',
  },
};

/** The layout of a schema. */
export function layoutOf(schema: HashservSchema): HashservLayout {
  return LAYOUTS[schema];
}

/**
 * Detects the schema from table names; the newest wins because upgrades keep `tasks_v1` (never
 * migrated, never dropped) beside the newer tables. Returns null if no hashserv table is present.
 * `otherSchemas` lists older tables still present (shown to the user, read on request).
 */
export function detectHashservSchema(
  tables: readonly string[],
): { schema: HashservSchema; otherSchemas: HashservSchema[] } | null {
  const has = new Set(tables.map((t) => t.toLowerCase()));
  const found: HashservSchema[] = [];
  if (has.has('unihashes_v3') && has.has('outhashes_v2')) found.push('v3');
  if (has.has('unihashes_v2') && has.has('outhashes_v2')) found.push('split_v2');
  if (has.has('tasks_v2')) found.push('tasks_v2');
  if (has.has('tasks_v1')) found.push('tasks_v1');
  const [schema, ...otherSchemas] = found;
  return schema ? { schema, otherSchemas } : null;
}
