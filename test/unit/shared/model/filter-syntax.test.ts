import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatFilterText,
  parseFilterText,
  suggestFilters,
  toggleFilter,
} from '../../../../shared/model/filter-syntax';
import { TASK_FILTERS, TaskQuerySchema } from '../../../../shared/model/tasks';

describe('parseFilterText', () => {
  it('turns keys into query fields and the rest into free text', () => {
    const r = parseFilterText(
      'pn:zlib task:compile is:equivalent is:no-sstate  3fe2cf  mc:mc1 sort:-created',
    );
    expect(r.errors).toEqual([]);
    expect(r.query).toEqual({
      recipe: 'zlib',
      task: 'do_compile',
      mc: 'mc1',
      filters: ['equivalent', 'no-sstate'],
      sort: { column: 'created', dir: 'desc' },
      search: '3fe2cf',
    });
    // What the parser makes is a valid TaskQuery.
    expect(TaskQuerySchema.safeParse(r.query).success).toBe(true);
  });

  it('accepts quoted values and the recipe alias', () => {
    expect(parseFilterText('recipe:"my recipe" mc:""').query).toEqual({ recipe: 'my recipe', mc: '' });
  });

  it('reports unknown keys and filters with their range and a hint', () => {
    const text = 'is:equivalnt pm:zlib zlib';
    const r = parseFilterText(text);
    expect(r.errors).toEqual([
      { from: 0, to: 12, message: 'unknown filter is:equivalnt (did you mean is:equivalent?)' },
      { from: 13, to: 20, message: 'unknown key "pm:" (did you mean pn:?)' },
    ]);
    expect(r.query).toEqual({ search: 'zlib' });
  });

  it('keeps hashes and tids with colons in free text only when they are not key-like', () => {
    // mc1:zlib:do_fetch starts with a key-like word "mc1"? No: keys are letters only, so this is text.
    expect(parseFilterText('mc1:zlib:do_fetch').query).toEqual({ search: 'mc1:zlib:do_fetch' });
  });
});

describe('formatFilterText', () => {
  it('round-trips any query it can express', () => {
    const word = fc.stringMatching(/^[a-z0-9_+.-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.record(
          {
            recipe: word,
            task: word.map((w) => `do_${w}`),
            mc: fc.oneof(fc.constant(''), word),
            filters: fc.uniqueArray(fc.constantFrom(...TASK_FILTERS), { minLength: 1 }),
            search: word,
          },
          { requiredKeys: [] },
        ),
        (q) => {
          const parsed = parseFilterText(formatFilterText(q));
          expect(parsed.errors).toEqual([]);
          expect(parsed.query).toEqual(q);
        },
      ),
    );
  });

  it('toggles a filter chip on and off', () => {
    const on = toggleFilter('pn:zlib', 'equivalent');
    expect(on).toBe('pn:zlib is:equivalent');
    expect(toggleFilter(on, 'equivalent')).toBe('pn:zlib');
  });
});

describe('suggestFilters', () => {
  it('offers keys, then filter names, then known recipes', () => {
    expect(suggestFilters('i', 1).map((s) => s.label)).toEqual(['is:']);
    expect(suggestFilters('pn:zlib is:no', 13).map((s) => s.label)).toEqual([
      'is:no-sstate',
      'is:no-outhash',
      'is:not-on-server',
    ]);
    const s = suggestFilters('pn:zl', 5, { recipes: ['busybox', 'zlib', 'zlib-native'] });
    expect(s.map((x) => x.insert)).toEqual(['pn:zlib ', 'pn:zlib-native ']);
    expect(s[0]).toMatchObject({ from: 0, to: 5 });
  });
});
