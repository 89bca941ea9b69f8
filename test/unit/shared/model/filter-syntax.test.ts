import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FILTER_KEYS,
  formatFilterText,
  getFilterToken,
  parseFilterText,
  setFilterToken,
  suggestFilters,
  toggleFilter,
} from '../../../../shared/model/filter-syntax';
import {
  ServerStatusSchema,
  TASK_FILTERS,
  TaskOutcomeSchema,
  TaskQuerySchema,
} from '../../../../shared/model/tasks';

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
    const hex = fc.stringMatching(/^[0-9a-f]{1,64}$/);
    fc.assert(
      fc.property(
        fc.record(
          {
            recipe: word,
            task: word.map((w) => `do_${w}`),
            mc: fc.oneof(fc.constant(''), word),
            filters: fc.uniqueArray(fc.constantFrom(...TASK_FILTERS), { minLength: 1 }),
            recipeGlob: fc.constantFrom('*zl*', 'z?ib', '*-native', 'a*b*'),
            taskGlob: fc.constantFrom('*compile*', 'do_comp*', '?o_fetch'),
            taskhash: hex,
            unihash: hex,
            outhash: hex,
            serverStatus: fc.uniqueArray(fc.constantFrom(...ServerStatusSchema.options), { minLength: 1 }),
            outcome: fc.uniqueArray(fc.constantFrom(...TaskOutcomeSchema.options), { minLength: 1 }),
            search: word,
          },
          { requiredKeys: [] },
        ),
        (q) => {
          const parsed = parseFilterText(formatFilterText(q));
          expect(parsed.errors).toEqual([]);
          expect(parsed.query).toEqual(q);
          expect(TaskQuerySchema.safeParse(parsed.query).success).toBe(true);
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

describe('column keys', () => {
  it('parses every new key into its query field', () => {
    const r = parseFilterText(
      'taskhash:3FE2 unihash:ab outhash:0 server:same,different outcome:covered pn:*zl* task:*compile* zlib',
    );
    expect(r.errors).toEqual([]);
    expect(r.query).toEqual({
      taskhash: '3fe2',
      unihash: 'ab',
      outhash: '0',
      serverStatus: ['same', 'different'],
      outcome: ['covered'],
      recipeGlob: '*zl*',
      taskGlob: '*compile*',
      search: 'zlib',
    });
    expect(TaskQuerySchema.safeParse(r.query).success).toBe(true);
    // The canonical text of it, and back.
    expect(formatFilterText(r.query)).toBe(
      'pn:*zl* task:*compile* taskhash:3fe2 unihash:ab outhash:0 server:same,different outcome:covered zlib',
    );
  });

  it('keeps pn:/task: without wildcards exact (the existing behaviour)', () => {
    expect(parseFilterText('pn:zlib task:compile').query).toEqual({ recipe: 'zlib', task: 'do_compile' });
    expect(parseFilterText('pn:zlib pn:*native').query).toEqual({ recipe: 'zlib', recipeGlob: '*native' });
    expect(parseFilterText('recipe:z?ib').query).toEqual({ recipeGlob: 'z?ib' });
  });

  it('reports bad values with their range: non-hex prefixes, empty hashes, unknown statuses', () => {
    const text = 'zlib taskhash:3fz2 unihash: outhash:' + 'a'.repeat(65) + ' server:sam outcome:ran,bogus';
    const r = parseFilterText(text);
    const at = (tok: string) => ({ from: text.indexOf(tok), to: text.indexOf(tok) + tok.length });
    expect(r.errors).toEqual([
      {
        ...at('taskhash:3fz2'),
        message: 'taskhash:3fz2 is not a hash prefix (1 to 64 hex digits 0-9, a-f)',
      },
      { ...at('unihash:'), message: 'unihash: needs a hash prefix (hex digits)' },
      {
        ...at(`outhash:${'a'.repeat(65)}`),
        message: `outhash:${'a'.repeat(65)} is not a hash prefix (1 to 64 hex digits 0-9, a-f)`,
      },
      {
        ...at('server:sam'),
        message:
          'unknown server "sam" (one of same, different, unknown, server-only); did you mean server:same?',
      },
      {
        ...at('outcome:ran,bogus'),
        message: 'unknown outcome "bogus" (one of ran, restored, covered, skipped, failed, not-reached)',
      },
    ]);
    expect(r.query).toEqual({ search: 'zlib' });
  });

  it('lists the new keys in FILTER_KEYS and suggests their values (lists after a comma)', () => {
    expect(FILTER_KEYS.map((k) => k.key)).toEqual([
      'pn',
      'task',
      'mc',
      'build',
      'taskhash',
      'unihash',
      'outhash',
      'server',
      'outcome',
      'is',
      'sort',
    ]);
    expect(suggestFilters('t', 1).map((s) => s.label)).toEqual(['task:', 'taskhash:']);
    expect(suggestFilters('outcome:r', 9).map((s) => s.insert)).toEqual([
      'outcome:ran ',
      'outcome:restored ',
    ]);
    expect(suggestFilters('server:same,d', 13).map((s) => s.insert)).toEqual(['server:same,different ']);
    expect(suggestFilters('taskhash:3', 10)).toEqual([]);
  });
});

describe('getFilterToken / setFilterToken', () => {
  it('adds, replaces and removes one key, leaving the rest as typed', () => {
    let t = setFilterToken('zlib is:equivalnt', 'taskhash', '3fe2');
    expect(t).toBe('zlib is:equivalnt taskhash:3fe2');
    expect(getFilterToken(t, 'taskhash')).toEqual({ value: '3fe2', from: 18, to: 31 });
    t = setFilterToken(t, 'taskhash', '3fe2a');
    expect(t).toBe('zlib is:equivalnt taskhash:3fe2a');
    t = setFilterToken(t, 'taskhash', null);
    expect(t).toBe('zlib is:equivalnt');
    expect(getFilterToken(t, 'taskhash')).toBeNull();
  });

  it('folds repeated tokens (and aliases) into the first one', () => {
    expect(setFilterToken('pn:a zlib recipe:b is:ran', 'pn', '*zl*')).toBe('pn:*zl* zlib is:ran');
    expect(getFilterToken('pn:a zlib recipe:b', 'pn')?.value).toBe('b');
    expect(setFilterToken('pn:a zlib recipe:b', 'pn', null)).toBe('zlib');
    expect(setFilterToken('zlib pn:a', 'pn', null)).toBe('zlib');
  });

  it('quotes values that need it and reads quoted values back', () => {
    const t = setFilterToken('', 'mc', '');
    expect(t).toBe('mc:""');
    expect(getFilterToken(t, 'mc')?.value).toBe('');
    expect(setFilterToken('', 'pn', '*my recipe*')).toBe('pn:"*my recipe*"');
    expect(parseFilterText('pn:"*my recipe*"').query).toEqual({ recipeGlob: '*my recipe*' });
  });
});
