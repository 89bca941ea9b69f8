import { describe, expect, it } from 'vitest';
import type { SigData } from '../../../../../../shared/model/sigdata';
import { computeSigHashes } from '../../../../../../electron/services/sources/siginfo/sig-hashes';

// Expected values computed independently with Python's hashlib from the rules of spec §5.
const base: SigData = {
  task: 'do_install',
  basehashIgnoreVars: [],
  taskhashIgnoreTasks: null,
  taskdeps: ['ä', 'B', 'A'], // unsorted on purpose: hashing sorts by code point
  basehash: '',
  gendeps: {},
  varvals: { do_install: '    oe_runmake install\n', A: '1', B: null, ä: 'x' },
};
const runtime: SigData = {
  ...base,
  runtaskdeps: ['zlib:do_compile', 'mc:mc1:zlib:do_configure'],
  runtaskhashes: { 'zlib:do_compile': 'a'.repeat(64), 'mc:mc1:zlib:do_configure': 'b'.repeat(64) },
  fileChecksumValues: [
    ['./src/x.c', '0123456789abcdef0123456789abcdef'],
    ['none.patch', null],
    ['empty.patch', ''],
    ['fix.patch', 'fedcba9876543210fedcba9876543210'],
  ],
};

describe('computeSigHashes', () => {
  it('hashes the task value then each sorted dependency, skipping None values', () => {
    expect(computeSigHashes(base)).toEqual({
      basehash: '4b60ceae5356bc3fe5fa54b6da9c835a6b5fd52e2d12e20d2ec14fa31c1bee86',
    });
  });

  it('adds dependency hashes in file order and non-empty checksums, with ./ names in modern files', () => {
    expect(computeSigHashes(runtime).taskhash).toBe(
      '29ff314c5cf83a150441bbe95fa7583597b084e5f8556888eb2e45cf95d9ee34',
    );
  });

  it('hashes checksums only for legacy files', () => {
    expect(computeSigHashes(runtime, { hashFilePaths: false }).taskhash).toBe(
      'f8c5e92143a50a41701c33c3ad386bd669283b2e16c25404b40b2f5b7fa0d7e8',
    );
  });

  it('adds the taint, without the nostamp: prefix', () => {
    expect(
      computeSigHashes({ ...runtime, taint: 'nostamp:0c2f3b2a-1111-4222-8333-444455556666' }).taskhash,
    ).toBe('8eab69ceba5ce52db23e1bbb04c592808015713c87b1a188975bee7f0a005705');
    expect(computeSigHashes({ ...runtime, taint: '5f1e0c77-aaaa-4bbb-8ccc-ddddeeeeffff' }).taskhash).toBe(
      '421123f2abe52b4cdc5f8426a452c6d68212edc73afa2d3cafcc64f63976702e',
    );
  });

  it('gives no taskhash for a base dump (no runtaskdeps)', () => {
    expect(computeSigHashes(base).taskhash).toBeUndefined();
  });
});
