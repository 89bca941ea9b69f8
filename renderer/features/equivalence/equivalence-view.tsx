import './analysis.css';
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import { SplitPane } from '../../components/split-pane';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { useAppStore, useAppStoreApi } from '../../state';
import type { EquivalenceClass } from '../../../shared/model/tasks';
import { navigate, replaceSel, tasksLink } from '../why-rebuilt/links';
import { ClassGraph } from './class-graph';
import { classLabel, EquivStatsCards, MemberTable } from './equivalence-parts';
import { count } from './format';
import { CLASS_PAGE_SIZE, classAt, selectSelectedClass } from './slice';

const columns: Column<EquivalenceClass>[] = [
  {
    id: 'unihash',
    header: 'Unihash',
    width: '7.4rem',
    // Full hash in the tooltip and one click from the clipboard; rows stay the grid's Tab stops.
    render: (c) => <HashText hash={c.unihash} chars={10} label="unihash" tabbable={false} />,
  },
  {
    id: 'members',
    header: 'Taskhashes',
    // Wide enough for the header itself ("Taskhas…" read as a typo).
    width: '6.9rem',
    render: (c) => <span className="num">{c.members.length}</span>,
  },
  { id: 'task', header: 'Recipe:task', width: 'minmax(8rem, 1fr)', render: (c) => classLabel(c) },
];

/** Props of EquivalenceView (from the route: `#/equivalence?q=<search>&sel=<unihash>`). */
export interface EquivalenceViewProps {
  q?: string | undefined;
  sel?: string | undefined;
}

/**
 * The Equivalence view: statistics cards on top; on the left the classes (search by recipe, task
 * or any hash prefix); on the right the selected class as a taskhash → unihash graph and its
 * member table. Keyboard: `/` focuses the search, arrows move in the list.
 */
export function EquivalenceView({ q, sel }: EquivalenceViewProps) {
  const store = useAppStoreApi();
  const workspaceId = useAppStore((s) => s.activeWorkspaceId);
  const { search, total, status, error, minMembers, selected, statsStatus, statsError } = useAppStore(
    useShallow((s) => ({
      search: s.equivSearch,
      total: s.equivTotal,
      status: s.equivStatus,
      error: s.equivError,
      minMembers: s.equivMinMembers,
      selected: s.equivSelected,
      statsStatus: s.equivStatsStatus,
      statsError: s.equivStatsError,
    })),
  );
  const stats = useAppStore((s) => s.equivStats);
  const pages = useAppStore((s) => s.equivPages);
  const cls = useAppStore(selectSelectedClass);
  // The link is the state: the box shows the link's search (the route effect below applies it),
  // never a stale one from an earlier visit that the list no longer reflects.
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  // The build-wide figures, once per workspace.
  useEffect(() => {
    if (workspaceId) void store.getState().loadEquivStats();
  }, [workspaceId, store]);

  // Route → store: the link's search and selection (on open and when the link changes).
  useEffect(() => {
    if (!workspaceId) return;
    const st = store.getState();
    if ((q ?? '') !== st.equivSearch || Object.keys(st.equivPages).length === 0)
      void st.setEquivSearch(q ?? '');
    if (sel) void st.selectClass(sel);
  }, [workspaceId, q, sel, store]);

  // Store → address bar: the selection is always a copyable link.
  useEffect(() => {
    if (workspaceId)
      replaceSel('equivalence', { ...(search ? { q: search } : {}), ...(selected ? { sel: selected } : {}) });
  }, [workspaceId, search, selected]);

  // Typing searches after a short pause (each keystroke would be a query on a million rows).
  useEffect(() => {
    if (text === store.getState().equivSearch) return;
    const t = setTimeout(() => void store.getState().setEquivSearch(text), 200);
    return () => clearTimeout(t);
  }, [text, store]);

  const getRow = useCallback(
    (i: number) => {
      const start = Math.floor(i / CLASS_PAGE_SIZE) * CLASS_PAGE_SIZE;
      return pages[start]?.[i - start];
    },
    [pages],
  );
  const onRange = useCallback(
    (start: number, end: number) => {
      const st = store.getState();
      void st.loadClassPage(start);
      void st.loadClassPage(Math.max(start, end - 1));
    },
    [store],
  );
  const rowCount = total ?? 0;
  let selectedIndex: number | null = null;
  if (selected) {
    for (const [off, rows] of Object.entries(pages)) {
      const i = rows.findIndex((r) => r.unihash === selected);
      if (i >= 0) selectedIndex = Number(off) + i;
    }
  }

  if (!workspaceId) {
    return (
      <EmptyState title="No build open">
        Open a build directory (or the demo) from Start to see how its taskhashes fold into unihashes.
      </EmptyState>
    );
  }

  const list = (
    <div className="an-pane">
      <div className="an-toolbar">
        <input
          type="search"
          aria-label="Search classes by recipe, task or hash"
          placeholder="Search recipe, task or hash…  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void store.getState().setEquivSearch(text);
          }}
          data-shortcut="/"
        />
        <label className="an-check">
          <input
            type="checkbox"
            checked={minMembers >= 2}
            onChange={(e) => void store.getState().setEquivMinMembers(e.target.checked ? 2 : 1)}
          />
          2+ members only
        </label>
      </div>
      <div className="an-status" aria-live="polite">
        {total === null ? (status === 'loading' ? 'Loading classes…' : '') : `${count(total)} classes`}
      </div>
      {error && <ErrorBanner error={error} onRetry={() => void store.getState().reloadClasses()} />}
      {total === 0 ? (
        <EmptyState title={search ? `No class matches “${search}”` : 'No equivalence classes'}>
          {search
            ? 'Search by recipe (zlib), task (do_compile) or a hash prefix; clear the search to see all.'
            : minMembers >= 2
              ? 'No unihash is shared by two taskhashes here. Untick “2+ members only” to list every unihash, or open a build whose hashserv.db has equivalences.'
              : 'This workspace has no unihash data (bb_unihashes.dat or hashserv.db).'}
        </EmptyState>
      ) : (
        <VirtualTable
          label="Equivalence classes"
          columns={columns}
          rowCount={rowCount}
          getRow={getRow}
          onRangeChange={onRange}
          selectedIndex={selectedIndex}
          onSelect={(i) => {
            const c = classAt(store.getState(), i);
            if (c) void store.getState().selectClass(c.unihash);
          }}
        />
      )}
    </div>
  );

  const detail = cls ? (
    <div className="an-pane an-pane--detail">
      <header className="an-detail-head">
        <h2>
          <HashText hash={cls.unihash} chars={20} label="unihash" /> ← {cls.members.length} taskhashes
        </h2>
        <a href={tasksLink(cls.unihash)}>Show rows in Tasks</a>
      </header>
      <SplitPane
        direction="column"
        initial={58}
        label="Resize graph and member table"
        first={<ClassGraph cls={cls} onOpenTaskhash={(t) => navigate(tasksLink(t))} />}
        second={
          <div className="an-scroll">
            <MemberTable cls={cls} />
          </div>
        }
      />
    </div>
  ) : (
    <EmptyState title={selected ? 'Class not found' : 'Select a class'}>
      {selected
        ? `No class has unihash ${selected.slice(0, 16)}…; it may belong to a build that is not open.`
        : 'Choose a unihash on the left (arrows or click) to see which taskhashes fold into it, with their outhashes and dates.'}
    </EmptyState>
  );

  return (
    <div className="an-view" aria-label="Equivalence">
      {statsError ? (
        <ErrorBanner error={statsError} onRetry={() => void store.getState().loadEquivStats()} />
      ) : (
        <EquivStatsCards stats={stats} loading={statsStatus === 'loading'} />
      )}
      <div className="an-main">
        <SplitPane label="Resize class list" initial={34} first={list} second={detail} />
      </div>
    </div>
  );
}
