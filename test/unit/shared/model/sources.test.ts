import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '../../../../shared/model/sources';

describe('SOURCE_KINDS', () => {
  it('lists each kind once, including the local caches and the other readers’ inputs', () => {
    expect(new Set(SOURCE_KINDS).size).toBe(SOURCE_KINDS.length);
    expect(SOURCE_KINDS).toEqual([
      'hashserv-db',
      'unihash-cache',
      'persist-data',
      'sstate-dir',
      'stamps-dir',
      'depsig',
      'sig-file',
      'sstate-archive',
      'eventlog',
      'conf',
    ]);
  });
});
