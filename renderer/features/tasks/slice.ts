import type { StateCreator } from 'zustand/vanilla';
import type { ExportResult } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { TaskFacets, TaskRow, TaskSortColumn } from '../../../shared/model/tasks';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';
import { cycleSort, parseText } from './query';

/** Rows per request: a screenful is ~40, so one request covers scrolling a few screens. */
export const TABLE_PAGE = 200;
/** Pages kept in memory: far-away pages are dropped (a million rows are never all held). */
export const MAX_PAGES = 40;

/**
 * Above this many rows facets are counted only on request: on a million rows one facets call
 * takes seconds and the engine answers one call at a time, so automatic counts would hold back
 * the pages the user is scrolling to.
 */
export const FACETS_AUTO_MAX = 200_000;

/** Where an export stands. */
export type ExportStatus =
  | { kind: 'idle' }
  | { kind: 'running'; format: 'csv' | 'json'; jobId: string }
  | { kind: 'done'; format: 'csv' | 'json'; rows: number; filename: string }
  | { kind: 'error'; error: ErrorInfo };

/** The task table: filter text (the search box), a window of pages, the selection, facets, export. */
export interface TaskTableSlice {
  /** The search box text; the query is derived from it (parseText), never stored twice. */
  tableText: string;
  /** Loaded pages by page index (page i holds rows [i*TABLE_PAGE, (i+1)*TABLE_PAGE)). */
  tablePages: Record<number, TaskRow[]>;
  tableTotal: number | null;
  tableStatus: LoadStatus;
  tableError: ErrorInfo | null;
  /** Bumped when the query changes, so views know the rows are a new list. */
  tableGeneration: number;
  tableSelectedIndex: number | null;
  tableSelectedKey: string | null;
  facets: TaskFacets | null;
  facetsError: ErrorInfo | null;
  exportStatus: ExportStatus;
  setFilterText(text: string): Promise<void>;
  sortBy(column: TaskSortColumn): Promise<void>;
  /** The virtual table shows rows [start, end): fetch the pages missing there. */
  ensureRows(start: number, end: number): Promise<void>;
  reloadTable(): Promise<void>;
  loadFacets(): Promise<void>;
  selectRow(index: number | null): void;
  selectKey(key: string | null): void;
  /** All rows of the current filter as CSV or JSON text (the view saves it). */
  exportTable(format: 'csv' | 'json'): Promise<ExportResult | null>;
}

/** The task table slice; reloads itself when the workspace on screen changes. */
export const createTaskTableSlice =
  ({ api, newJobId }: SliceDeps): StateCreator<AppState, [], [], TaskTableSlice> =>
  (set, get, store) => {
    let generation = 0;
    const inflight = new Set<string>();
    let lastRange: [number, number] = [0, TABLE_PAGE];

    const queryFor = (page: number) => ({
      ...parseText(get().tableText).query,
      offset: page * TABLE_PAGE,
      limit: TABLE_PAGE,
    });

    const fetchPage = async (page: number, gen: number) => {
      const workspaceId = get().activeWorkspaceId;
      const id = `${gen}:${page}`;
      if (!workspaceId || inflight.has(id)) return;
      inflight.add(id);
      try {
        const res = await api['tasks.query']({ workspaceId, query: queryFor(page) });
        if (gen !== generation) return;
        set((s) => {
          const pages: Record<number, TaskRow[]> = { ...s.tablePages, [page]: res.rows };
          const keys = Object.keys(pages).map(Number);
          if (keys.length > MAX_PAGES) {
            const mid = Math.floor(lastRange[0] / TABLE_PAGE);
            keys.sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
            for (const k of keys.slice(0, keys.length - MAX_PAGES)) delete pages[k];
          }
          const sel = s.tableSelectedIndex;
          const selRow = sel !== null ? pages[Math.floor(sel / TABLE_PAGE)]?.[sel % TABLE_PAGE] : undefined;
          return {
            tablePages: pages,
            tableTotal: res.total,
            tableStatus: 'ready',
            tableError: null,
            ...(selRow && s.tableSelectedKey === null ? { tableSelectedKey: selRow.key } : {}),
          };
        });
      } catch (err) {
        if (gen === generation) set({ tableStatus: 'error', tableError: toErrorInfo(err) });
      } finally {
        inflight.delete(id);
      }
    };

    let facetsGen = 0;
    let facetsTimer: ReturnType<typeof setTimeout> | null = null;

    // Bound once: the workspace on screen changed (opened, switched, closed, refreshed).
    store.subscribe((s, prev) => {
      if (s.activeWorkspaceId !== prev.activeWorkspaceId) {
        // From no workspace to one (start-up, a deep link waiting for its data): keep the selection.
        if (prev.activeWorkspaceId === null && s.tableSelectedKey) {
          void get().loadDetail(s.tableSelectedKey);
        } else {
          set({ tableSelectedIndex: null, tableSelectedKey: null, facets: null });
          void get().loadDetail(null);
        }
        void get().reloadTable();
      } else if (s.workspaces !== prev.workspaces && s.activeWorkspaceId) {
        const a = s.workspaces.find((w) => w.id === s.activeWorkspaceId);
        const b = prev.workspaces.find((w) => w.id === s.activeWorkspaceId);
        if (a !== b) void get().reloadTable();
      }
    });

    return {
      tableText: '',
      tablePages: {},
      tableTotal: null,
      tableStatus: 'idle',
      tableError: null,
      tableGeneration: 0,
      tableSelectedIndex: null,
      tableSelectedKey: null,
      facets: null,
      facetsError: null,
      exportStatus: { kind: 'idle' },

      async setFilterText(text) {
        if (text === get().tableText) return;
        set({ tableText: text, tableSelectedIndex: null });
        await get().reloadTable();
      },

      async sortBy(column) {
        await get().setFilterText(cycleSort(get().tableText, column));
      },

      async ensureRows(start, end) {
        lastRange = [start, end];
        const total = get().tableTotal;
        if (total === null || end <= start) return;
        const last = Math.min(end, total) - 1;
        const jobs: Promise<void>[] = [];
        for (let p = Math.floor(start / TABLE_PAGE); p <= Math.floor(last / TABLE_PAGE); p++) {
          if (!get().tablePages[p]) jobs.push(fetchPage(p, generation));
        }
        await Promise.all(jobs);
      },

      async reloadTable() {
        const gen = ++generation;
        if (!get().activeWorkspaceId) {
          set({ tablePages: {}, tableTotal: null, tableStatus: 'idle', tableError: null, facets: null });
          return;
        }
        // The old rows stay on screen until the first new page replaces them all at once: no flash.
        set({ tableStatus: 'loading' });
        const workspaceId = get().activeWorkspaceId!;
        try {
          const res = await api['tasks.query']({ workspaceId, query: queryFor(0) });
          if (gen !== generation) return;
          set((s) => ({
            tablePages: { 0: res.rows },
            tableTotal: res.total,
            tableStatus: 'ready',
            tableError: null,
            tableGeneration: s.tableGeneration + 1,
            // A new list: an index picked in the old one means nothing here; the key still does.
            tableSelectedIndex: null,
          }));
          // The table may be scrolled far down: fetch what it shows now, not only page 0.
          void get().ensureRows(lastRange[0], lastRange[1]);
        } catch (err) {
          if (gen === generation)
            set({ tablePages: {}, tableTotal: null, tableStatus: 'error', tableError: toErrorInfo(err) });
          return;
        }
        // Facets wait for typing to pause: they cost more than a page. Big workspaces: on request.
        if (facetsTimer) clearTimeout(facetsTimer);
        const rows = get().workspaces.find((w) => w.id === workspaceId)?.counts.rows ?? 0;
        if (rows > FACETS_AUTO_MAX) set({ facets: null, facetsError: null });
        else facetsTimer = setTimeout(() => void get().loadFacets(), 250);
      },

      async loadFacets() {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return;
        const mine = ++facetsGen;
        try {
          const facets = await api['tasks.facets']({
            workspaceId,
            query: { ...parseText(get().tableText).query },
          });
          if (mine === facetsGen) set({ facets, facetsError: null });
        } catch (err) {
          if (mine === facetsGen) set({ facetsError: toErrorInfo(err) });
        }
      },

      selectRow(index) {
        if (index === null) {
          set({ tableSelectedIndex: null, tableSelectedKey: null });
          return;
        }
        const row = get().tablePages[Math.floor(index / TABLE_PAGE)]?.[index % TABLE_PAGE];
        set({ tableSelectedIndex: index, tableSelectedKey: row?.key ?? null });
        if (row) void get().loadDetail(row.key);
      },

      selectKey(key) {
        set({ tableSelectedKey: key, tableSelectedIndex: null });
        void get().loadDetail(key);
      },

      async exportTable(format) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return null;
        const jobId = newJobId('export');
        set({ exportStatus: { kind: 'running', format, jobId } });
        try {
          const query = { ...parseText(get().tableText).query };
          const res = await api['tasks.export']({ workspaceId, query, format, jobId });
          set({ exportStatus: { kind: 'done', format, rows: res.rows, filename: res.filename } });
          return res;
        } catch (err) {
          set({ exportStatus: { kind: 'error', error: toErrorInfo(err) } });
          return null;
        }
      },
    };
  };
