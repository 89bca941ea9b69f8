import { describe, expect, it } from 'vitest';
import type { ClassQueryInput, EquivalenceClass } from '../../../../shared/model/tasks';
import {
  CLASS_PAGE_SIZE,
  classAt,
  selectSelectedClass,
} from '../../../../renderer/features/equivalence/slice';
import { fakeApi, storeWith } from './fake-api';

const h = (n: number) => n.toString(16).padStart(64, '0');
function cls(n: number): EquivalenceClass {
  return {
    unihash: h(n),
    method: 'oe.sstatesig.OEOuthashBasic',
    members: [
      {
        taskhash: h(n),
        outhash: h(1000 + n),
        pn: 'zlib',
        task: 'do_compile',
        created: '2026-01-12 09:21:00',
        canonical: true,
      },
      {
        taskhash: h(5000 + n),
        outhash: h(1000 + n),
        pn: 'zlib',
        task: 'do_compile',
        created: '2026-01-13 14:30:00',
        canonical: false,
      },
    ],
  };
}
const ALL = Array.from({ length: 450 }, (_, i) => cls(i + 1));
const classesQuery = ({ query }: { query: ClassQueryInput }) => {
  const rows = ALL.filter((c) => !query.search || c.unihash.startsWith(query.search));
  const off = query.offset ?? 0;
  return { rows: rows.slice(off, off + (query.limit ?? 100)), total: rows.length };
};

describe('equivalence slice', () => {
  it('loads pages by offset, once each, and finds rows by index', async () => {
    const fake = fakeApi({ 'classes.query': classesQuery });
    const store = storeWith(fake);
    await store.getState().reloadClasses();
    expect(store.getState().equivTotal).toBe(450);
    expect(classAt(store.getState(), 0)?.unihash).toBe(h(1));
    expect(classAt(store.getState(), CLASS_PAGE_SIZE)).toBeUndefined();
    await store.getState().loadClassPage(CLASS_PAGE_SIZE + 5);
    await store.getState().loadClassPage(CLASS_PAGE_SIZE + 7);
    expect(classAt(store.getState(), CLASS_PAGE_SIZE + 5)?.unihash).toBe(h(CLASS_PAGE_SIZE + 6));
    expect(fake.inputs('classes.query').map((i) => i.query.offset)).toEqual([0, CLASS_PAGE_SIZE]);
    expect(fake.inputs('classes.query')[0]!.query).toMatchObject({ minMembers: 2, limit: CLASS_PAGE_SIZE });
  });

  it('drops pages of an older search that answer late', async () => {
    let release: (() => void) | undefined;
    const fake = fakeApi({
      'classes.query': async (input) => {
        if (!input.query.search) await new Promise<void>((r) => (release = r));
        return classesQuery(input);
      },
    });
    const store = storeWith(fake);
    const slow = store.getState().reloadClasses();
    await store.getState().setEquivSearch(h(7));
    release!();
    await slow;
    expect(store.getState().equivTotal).toBe(1);
    expect(classAt(store.getState(), 0)?.unihash).toBe(h(7));
  });

  it('selects a class on a loaded page, and fetches one opened by link', async () => {
    const fake = fakeApi({ 'classes.query': classesQuery });
    const store = storeWith(fake);
    await store.getState().reloadClasses();
    await store.getState().selectClass(h(3));
    expect(selectSelectedClass(store.getState())?.members).toHaveLength(2);
    expect(fake.inputs('classes.query')).toHaveLength(1);
    // Not on a page: looked up by its full hash.
    await store.getState().selectClass(h(400));
    expect(selectSelectedClass(store.getState())?.unihash).toBe(h(400));
    expect(fake.inputs('classes.query')[1]!.query).toMatchObject({ search: h(400), minMembers: 1 });
    // A new search that does not list it keeps the graph on screen.
    await store.getState().setEquivSearch(h(9));
    expect(selectSelectedClass(store.getState())?.unihash).toBe(h(400));
  });

  it('counts folded taskhashes, by task, and rebuilds avoided with engine queries', async () => {
    const fake = fakeApi({
      'tasks.facets': () => ({
        total: 11,
        recipes: [],
        tasks: [
          { value: 'do_compile', count: 3 },
          { value: 'do_package', count: 8 },
          { value: 'do_fetch', count: 0 },
        ],
        mcs: [],
        builds: [],
        filters: {},
      }),
      'tasks.count': ({ query }) => ({ total: query.filters?.includes('has-sstate') ? 6 : 99 }),
      'classes.query': () => ({ rows: [], total: 5 }),
    });
    const store = storeWith(fake);
    await store.getState().loadEquivStats();
    expect(store.getState().equivStats).toEqual({
      classes: 5,
      folded: 11,
      byTask: [
        { value: 'do_package', count: 8 },
        { value: 'do_compile', count: 3 },
      ],
      avoided: 6,
      rows: 99,
    });
    expect(fake.inputs('tasks.facets')[0]!.query.filters).toEqual(['equivalent']);
    expect(fake.inputs('tasks.count').map((i) => i.query.filters)).toEqual([
      ['equivalent', 'has-sstate'],
      undefined,
    ]);
  });

  it('shows an engine error with its code and keeps the list', async () => {
    const fake = fakeApi({});
    const store = storeWith(fake);
    await store.getState().reloadClasses();
    expect(store.getState().equivStatus).toBe('error');
    expect(store.getState().equivError?.code).toBe('UNSUPPORTED');
  });
});
