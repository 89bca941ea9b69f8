import './tasks.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { copyText } from '../../components/clipboard';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { SplitPane } from '../../components/split-pane';
import type { Column } from '../../components/virtual-table';
import { VirtualTable } from '../../components/virtual-table';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import type { TaskRow, TaskSortColumn } from '../../../shared/model/tasks';
import { TASK_SORT_COLUMNS } from '../../../shared/model/tasks';
import { TaskDetailPane } from '../task-detail/task-detail-view';
import { ColumnFilter } from './column-filter';
import { taskColumns, taskRowClass } from './columns';
import { COPY_KEYS, copyMessage } from './copy-keys';
import { FacetChips } from './facet-chips';
import { rowInPages, selectParsedFilter, selectSelectedIndex } from './selectors';
import { TaskToolbar } from './task-toolbar';

const isSortColumn = (c: string): c is TaskSortColumn => (TASK_SORT_COLUMNS as readonly string[]).includes(c);

/** The filter box under a column header (DB Browser style): a view of one token of the search text. */
const headerFilter = (c: Column<TaskRow>) => <ColumnFilter columnId={c.id} header={c.header} />;

/**
 * The Tasks view: filter chips, the virtualized table (only the visible pages are ever fetched)
 * with a filter box under each column header, and the selected task's detail in a resizable pane.
 * Enter opens the task full-size. When nothing matches, the table (and its filter boxes, maybe the
 * one being typed in) stays, with the explanation under it.
 */
export function TasksView() {
  const store = useAppStoreApi();
  const ws = useAppStore(selectActiveWorkspace);
  const total = useAppStore((s) => s.tableTotal);
  const status = useAppStore((s) => s.tableStatus);
  const error = useAppStore((s) => s.tableError);
  const pages = useAppStore((s) => s.tablePages);
  const selectedIndex = useAppStore(selectSelectedIndex);
  const sort = useAppStore(selectParsedFilter).query.sort;
  const text = useAppStore((s) => s.tableText);

  const showMc = (ws?.builds ?? []).some((b) => b.multiconfigs.length > 0);
  const showBuild = (ws?.builds.length ?? 0) > 1;
  const logBuilds = (ws?.builds ?? [])
    .filter((b) => b.sources.some((x) => x.kind === 'eventlog' && x.status === 'ok'))
    .map((b) => b.id)
    .join('\n');
  const columns = useMemo(
    () => taskColumns({ showMc, showBuild, buildsWithLog: new Set(logBuilds ? logBuilds.split('\n') : []) }),
    [showMc, showBuild, logBuilds],
  );
  // What the last copy key did, for the role="status" line (announced, then cleared).
  const [copied, setCopied] = useState('');
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(''), 4000);
    return () => clearTimeout(t);
  }, [copied]);
  const rowKeys = useMemo(() => {
    const copyHash = (kind: 'unihash' | 'taskhash') => (i: number) => {
      const row = rowInPages(store.getState().tablePages, i);
      if (!row) return;
      const hash = row[kind];
      if (!hash) return setCopied(copyMessage(row, kind));
      copyText(hash).then(
        () => setCopied(copyMessage(row, kind)),
        (err: unknown) => setCopied(copyMessage(row, kind, err instanceof Error ? err.message : String(err))),
      );
    };
    return Object.fromEntries(Object.entries(COPY_KEYS).map(([key, kind]) => [key, copyHash(kind)]));
  }, [store]);
  // A new function per `pages`: the table re-reads rows when a page arrives.
  const getRow = useCallback((i: number) => rowInPages(pages, i), [pages]);
  const onRange = useCallback((a: number, b: number) => void store.getState().ensureRows(a, b), [store]);
  const onSelect = useCallback((i: number) => store.getState().selectRow(i), [store]);
  const onOpen = useCallback(
    (i: number) => {
      store.getState().selectRow(i);
      store.getState().navigate('task');
    },
    [store],
  );
  const onSort = useCallback((c: string) => void (isSortColumn(c) && store.getState().sortBy(c)), [store]);

  if (!ws) return null;
  const empty = total === 0 && status === 'ready';
  const list = (
    <section className="tasks-list" aria-label="Task list">
      <FacetChips />
      {error && <ErrorBanner error={error} onRetry={() => void store.getState().reloadTable()} />}
      <div className={`tasks-table${empty ? ' is-empty' : ''}`}>
        <VirtualTable
          label="Tasks"
          columns={columns}
          rowCount={total ?? 0}
          getRow={getRow}
          onRangeChange={onRange}
          selectedIndex={selectedIndex}
          onSelect={onSelect}
          onOpen={onOpen}
          sort={sort}
          onSort={onSort}
          rowHeight={24}
          rowClassName={taskRowClass}
          rowTestId="task-row"
          resetKey={`${ws.id}\n${text}`}
          headerFilter={headerFilter}
          rowKeys={rowKeys}
        />
      </div>
      <p className="tasks-status small muted" role="status" data-testid="tasks-status">
        {copied}
      </p>
      {empty && (
        <EmptyState title="No task matches">
          {text ? (
            <>
              Nothing matches <code>{text}</code>. Clear a column filter (Esc in its box), remove a filter
              chip, or press <kbd>/</kbd> and edit the search.
            </>
          ) : (
            'This workspace has no task rows: check the Sources view for sources that failed to read.'
          )}
        </EmptyState>
      )}
    </section>
  );
  return (
    <div className="view view--tasks" aria-busy={status === 'loading'}>
      <TaskToolbar />
      <div className="view__body">
        <SplitPane
          label="Resize task list and detail"
          // 72%: at 1440px the task names (prepare_recipe_sysroot) fit beside the hashes.
          initial={72}
          min={30}
          max={88}
          first={list}
          second={<TaskDetailPane />}
        />
      </div>
    </div>
  );
}
