/** Opening user SQLite files strictly read-only (nothing created or changed beside them). */
export {
  listColumns,
  listTables,
  openSqliteReadonly,
  planReadonlyOpen,
  quoteIdent,
  readSqliteHeader,
  sqliteErrorToInspector,
} from './open-readonly';
export type { ReadonlyDb, ReadonlyOpenPlan } from './open-readonly';
