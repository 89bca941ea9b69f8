import type { StateCreator } from 'zustand/vanilla';
import type { ErrorInfo } from '../../../shared/model/errors';
import { toErrorInfo } from '../../../shared/model/errors';
import type { EquivalenceClass, FacetCount } from '../../../shared/model/tasks';
import type { AppState, LoadStatus, SliceDeps } from '../../state/types';

/** Classes fetched per request (the list is virtualized; pages arrive as it scrolls). */
export const CLASS_PAGE_SIZE = 200;

/** Build-wide equivalence figures, as the engine counts them (never derived from one page). */
export interface EquivStats {
  /** Equivalence classes with 2+ taskhashes. */
  classes: number;
  /** Task rows whose unihash differs from their taskhash: folded into an older output. */
  folded: number;
  /** Folded rows per task name, most first. */
  byTask: FacetCount[];
  /** Folded rows whose unihash has an sstate object: each one a build the cache could skip. */
  avoided: number;
  /** All task rows, for proportions. */
  rows: number;
}

/** The Equivalence view: a searchable, paged list of classes, one selected, and the statistics. */
export interface EquivalenceSlice {
  equivSearch: string;
  /** 2 = only real equivalences; 1 = every unihash. */
  equivMinMembers: number;
  /** Pages of classes by offset (only what was scrolled to). */
  equivPages: Record<number, EquivalenceClass[]>;
  equivTotal: number | null;
  equivStatus: LoadStatus;
  equivError: ErrorInfo | null;
  /** The selected unihash (deep link `#/equivalence?sel=<unihash>`). */
  equivSelected: string | null;
  /** The selected class itself (it may not be on a loaded page: opened by link, or searched away). */
  equivFocus: EquivalenceClass | null;
  equivStats: EquivStats | null;
  equivStatsStatus: LoadStatus;
  equivStatsError: ErrorInfo | null;
  setEquivSearch(search: string): Promise<void>;
  setEquivMinMembers(min: number): Promise<void>;
  /** Loads the page holding `offset` (no-op when already loaded). */
  loadClassPage(offset: number): Promise<void>;
  /** Resets the pages and loads the first one. */
  reloadClasses(): Promise<void>;
  selectClass(unihash: string | null): Promise<void>;
  loadEquivStats(): Promise<void>;
}

/** Equivalence classes: pages by offset, newest request wins, stats from facets and counts. */
export const createEquivalenceSlice =
  ({ api }: SliceDeps): StateCreator<AppState, [], [], EquivalenceSlice> =>
  (set, get) => {
    // A generation number per query: pages of an older query never land in the new list.
    let generation = 0;
    const inFlight = new Set<string>();
    const query = (offset: number) => {
      const s = get();
      return {
        ...(s.equivSearch ? { search: s.equivSearch } : {}),
        minMembers: s.equivMinMembers,
        offset,
        limit: CLASS_PAGE_SIZE,
      };
    };

    return {
      equivSearch: '',
      equivMinMembers: 2,
      equivPages: {},
      equivTotal: null,
      equivStatus: 'idle',
      equivError: null,
      equivSelected: null,
      equivFocus: null,
      equivStats: null,
      equivStatsStatus: 'idle',
      equivStatsError: null,

      async setEquivSearch(search) {
        set({ equivSearch: search.trim() });
        await get().reloadClasses();
      },

      async setEquivMinMembers(min) {
        set({ equivMinMembers: Math.max(1, Math.floor(min)) });
        await get().reloadClasses();
      },

      async reloadClasses() {
        generation++;
        inFlight.clear();
        set({ equivPages: {}, equivTotal: null });
        await get().loadClassPage(0);
      },

      async loadClassPage(offset) {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) {
          set({ equivStatus: 'idle', equivPages: {}, equivTotal: null });
          return;
        }
        const start = Math.floor(offset / CLASS_PAGE_SIZE) * CLASS_PAGE_SIZE;
        const id = `${generation}:${start}`;
        if (get().equivPages[start] || inFlight.has(id)) return;
        inFlight.add(id);
        const mine = generation;
        set({ equivStatus: 'loading' });
        try {
          const page = await api['classes.query']({ workspaceId, query: query(start) });
          if (mine !== generation) return;
          set((s) => ({
            equivPages: { ...s.equivPages, [start]: page.rows },
            equivTotal: page.total,
            equivStatus: 'ready',
            equivError: null,
          }));
        } catch (err) {
          if (mine === generation) set({ equivStatus: 'error', equivError: toErrorInfo(err) });
        } finally {
          inFlight.delete(id);
        }
      },

      async selectClass(unihash) {
        if (!unihash) {
          set({ equivSelected: null, equivFocus: null });
          return;
        }
        set({ equivSelected: unihash });
        const loaded = Object.values(get().equivPages)
          .flat()
          .find((c) => c.unihash === unihash);
        // Kept as the focus too, so the graph stays when a new search no longer lists it.
        if (loaded) {
          set({ equivFocus: loaded });
          return;
        }
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return;
        try {
          // Search by the full hash: it matches the class's unihash (and its members) by prefix.
          const page = await api['classes.query']({
            workspaceId,
            query: { search: unihash, minMembers: 1, limit: 20 },
          });
          if (get().equivSelected !== unihash) return;
          set({ equivFocus: page.rows.find((c) => c.unihash === unihash) ?? null });
        } catch (err) {
          set({ equivError: toErrorInfo(err) });
        }
      },

      async loadEquivStats() {
        const workspaceId = get().activeWorkspaceId;
        if (!workspaceId) return;
        set({ equivStatsStatus: 'loading' });
        try {
          const [facets, avoided, classes, all] = await Promise.all([
            api['tasks.facets']({ workspaceId, query: { filters: ['equivalent'] } }),
            api['tasks.count']({ workspaceId, query: { filters: ['equivalent', 'has-sstate'] } }),
            api['classes.query']({ workspaceId, query: { minMembers: 2, limit: 1 } }),
            api['tasks.count']({ workspaceId, query: {} }),
          ]);
          set({
            equivStats: {
              classes: classes.total,
              folded: facets.total,
              byTask: [...facets.tasks].filter((t) => t.count > 0).sort((a, b) => b.count - a.count),
              avoided: avoided.total,
              rows: all.total,
            },
            equivStatsStatus: 'ready',
            equivStatsError: null,
          });
        } catch (err) {
          set({ equivStatsStatus: 'error', equivStatsError: toErrorInfo(err) });
        }
      },
    };
  };

/** The class on screen: from a loaded page, else the one fetched for a deep link. */
export const selectSelectedClass = (s: AppState): EquivalenceClass | null => {
  if (!s.equivSelected) return null;
  for (const rows of Object.values(s.equivPages)) {
    const c = rows.find((r) => r.unihash === s.equivSelected);
    if (c) return c;
  }
  return s.equivFocus?.unihash === s.equivSelected ? s.equivFocus : null;
};

/** The class at a list index, or undefined while its page loads. */
export const classAt = (s: AppState, index: number): EquivalenceClass | undefined => {
  const start = Math.floor(index / CLASS_PAGE_SIZE) * CLASS_PAGE_SIZE;
  return s.equivPages[start]?.[index - start];
};

/** The figures of the statistics cards (null before they are loaded). */
export const selectEquivStats = (s: AppState) => s.equivStats;
