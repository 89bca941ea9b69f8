import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { readPickle } from '../../../../../../electron/services/sources/pickle/pickle-reader';
import {
  asString,
  asTuple,
  dictGet,
  dictToRecord,
  isSet,
  requireDict,
  requireList,
  requireRecord,
} from '../../../../../../electron/services/sources/pickle/pickle-access';
import type { PickleValue } from '../../../../../../electron/services/sources/pickle/pickle-value';
import { InspectorError } from '../../../../../../shared/model/errors';
import { FIXTURES } from '../../../../../helpers/paths';

const UNIHASHES = path.join(FIXTURES, 'bb_unihashes.dat');
const LEGACY = path.join(FIXTURES, 'siginfo/legacy-pickle');
const LEGACY_COMPILE = path.join(
  LEGACY,
  '1.3.1-r0.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
);
const LEGACY_FETCH = path.join(
  LEGACY,
  '1.3.1-r0.do_fetch.sigdata.8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
);

/** Builds a pickle from hex/byte pieces and strings (strings are written as latin-1 bytes). */
function bytesOf(...parts: Array<number[] | string>): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

function catchError(fn: () => unknown): InspectorError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InspectorError);
    return e as InspectorError;
  }
  throw new Error('expected an InspectorError');
}

describe('readPickle on bb_unihashes.dat', () => {
  const bytes = new Uint8Array(readFileSync(UNIHASHES));
  const value = readPickle(bytes, { file: UNIHASHES });

  it('decodes [dict of 35 entries, "3"]', () => {
    const top = requireList(value, 'top');
    expect(top).toHaveLength(2);
    expect(top[1]).toBe('3');
    const data = requireDict(top[0], 'data');
    expect(data.entries).toHaveLength(35);
    expect(data.entries[0]![0]).toBe(':quilt-native:do_populate_lic');
    expect(data.entries[34]![0]).toBe(':openssl:do_package_write_ipk');
  });

  it('has the entries the spec names, as (taskhash, unihash) tuples', () => {
    const data = requireDict(requireList(value, 'top')[0], 'data');
    expect(asTuple(dictGet(data, ':zlib:do_populate_sysroot'))).toEqual([
      'a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521',
      'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    ]);
    expect(asTuple(dictGet(data, ':busybox:do_populate_lic'))).toEqual([
      '98c8a7ebc5446bbeb1e963ca8436401292054e8468c12e86042345fbb53659be',
      '98c8a7ebc5446bbeb1e963ca8436401292054e8468c12e86042345fbb53659be',
    ]);
    expect(asTuple(dictGet(data, 'mc1:zlib:do_populate_lic'))).toEqual([
      'c47ad66eaf41cf89e1e84af560d2f8859ceb2b09e3272db9a8b7af4fc4f405c6',
      'da454e63480f190df1cf111c493f1599925d27e408aaacd70ccc8bc8c121e50c',
    ]);
    const remapped = data.entries.filter(([, v]) => {
      const t = asTuple(v)!;
      return t[0] !== t[1];
    });
    // python3 pickle.load agrees: 10 entries have taskhash != unihash.
    expect(remapped).toHaveLength(10);
    expect(dictToRecord(data)).toBeDefined();
  });

  it('never hangs and only throws InspectorError when truncated at every byte offset', () => {
    for (let n = 0; n < bytes.length; n++) {
      const err = catchError(() => readPickle(bytes.subarray(0, n), { file: 'cut' }));
      expect(err.code).toBe('TRUNCATED');
      expect(err.where?.file).toBe('cut');
      expect(typeof err.where?.offset).toBe('number');
    }
  });
});

describe('readPickle on legacy sigdata pickles', () => {
  it('decodes do_compile: sets, None, dicts of sets, lists', () => {
    const rec = requireRecord(readPickle(new Uint8Array(readFileSync(LEGACY_COMPILE))), 'sigdata');
    expect(Object.keys(rec).sort()).toEqual([
      'basehash',
      'basewhitelist',
      'file_checksum_values',
      'gendeps',
      'runtaskdeps',
      'runtaskhashes',
      'task',
      'taskdeps',
      'taskhash',
      'taskwhitelist',
      'unihash',
      'varvals',
    ]);
    expect(rec.task).toBe('do_compile');
    expect(rec.taskwhitelist).toBeNull();
    expect(rec.taskhash).toBe('f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc');
    expect(rec.basehash).toBe('fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1');
    const bw = rec.basewhitelist!;
    expect(isSet(bw) && !bw.frozen && bw.items.length).toBe(27);
    expect(isSet(bw) && bw.items).toContain('BBFILES');
    expect(rec.taskdeps).toEqual(['EXTRA_OEMAKE', 'HEI_BINARIES', 'PN', 'PV', 'ZLIB_CFLAGS', 'hei_write']);
    const gendeps = requireRecord(rec.gendeps, 'gendeps');
    expect(gendeps.EXTRA_OEMAKE).toEqual({ $type: 'set', frozen: false, items: ['ZLIB_CFLAGS'] });
    expect(gendeps.PN).toEqual({ $type: 'set', frozen: false, items: [] });
    expect(rec.runtaskdeps).toEqual(['/home/builder/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_configure']);
    const rth = requireDict(rec.runtaskhashes, 'runtaskhashes');
    expect(dictGet(rth, '/home/builder/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_configure')).toBe(
      '0e660710c06596e3fbf1aedd12d533d3029e03d7d12a52d2be48195f794abb0d',
    );
  });

  it('decodes do_fetch: file_checksum_values as 2-tuples', () => {
    const rec = requireRecord(readPickle(new Uint8Array(readFileSync(LEGACY_FETCH))), 'sigdata');
    expect(rec.file_checksum_values).toEqual([
      { $type: 'tuple', items: ['ldflags-tests.patch', 'dd5da7a2fd10de4aab437d71187512f4'] },
    ]);
    expect(asString(rec.unihash)).toBe('8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23');
  });
});

describe('readPickle data opcodes', () => {
  const P = [0x80, 0x04];
  const STOP = [0x2e];

  it('decodes ints of every width, bigints beyond 2^53 and big-endian floats', () => {
    const v = readPickle(
      bytesOf(
        P,
        [0x5d, 0x28], // EMPTY_LIST MARK
        [0x4b, 0xff], // BININT1 255
        [0x4d, 0xff, 0xff], // BININT2 65535
        [0x4a, 0xfe, 0xff, 0xff, 0xff], // BININT -2
        [0x8a, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x10], // LONG1 2^60
        [0x8a, 0x01, 0xff], // LONG1 -1
        [0x8a, 0x00], // LONG1 0
        [0x8b, 0x02, 0, 0, 0, 0x00, 0x80], // LONG4 -32768
        [0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], // BINFLOAT 1.5
        'I01\n', // INT True (protocol 0)
        'L12345678901234567890L\n', // LONG (protocol 0)
        'F2.5\n', // FLOAT
        [0x4e, 0x88, 0x89], // None True False
        [0x65],
        STOP,
      ),
    );
    expect(v).toEqual([
      255,
      65535,
      -2,
      2n ** 60n,
      -1,
      0,
      -32768,
      1.5,
      true,
      12345678901234567890n,
      2.5,
      null,
      true,
      false,
    ]);
  });

  it('decodes str/bytes opcodes, tuples, frozensets, memo and lone surrogates', () => {
    const v = readPickle(
      bytesOf(
        P,
        [0x28], // MARK
        [0x8c, 0x02],
        'hi',
        [0x94], // SHORT_BINUNICODE 'hi', MEMOIZE 0
        [0x58, 0x03, 0, 0, 0, 0xed, 0xa0, 0x80], // BINUNICODE lone surrogate U+D800
        [0x8d, 0x02, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0xa9], // BINUNICODE8 'é'
        [0x43, 0x02, 0x00, 0xff], // SHORT_BINBYTES
        [0x42, 0x01, 0, 0, 0, 0x41], // BINBYTES
        [0x55, 0x03],
        'abc', // SHORT_BINSTRING (py2 str, ASCII -> string)
        [0x68, 0x00], // BINGET 0
        [0x29], // EMPTY_TUPLE
        [0x4b, 1, 0x85], // TUPLE1
        [0x28, 0x4b, 1, 0x4b, 2, 0x91], // FROZENSET
        [0x71, 0x05, 0x6a, 0x05, 0, 0, 0], // BINPUT 5, LONG_BINGET 5
        "S'a\\nb'\n", // STRING protocol 0
        'Vx\\u00e9\n', // UNICODE raw-unicode-escape
        [0x74], // TUPLE
        STOP,
      ),
    );
    const fs = { $type: 'set', frozen: true, items: [1, 2] };
    expect(v).toEqual({
      $type: 'tuple',
      items: [
        'hi',
        '\ud800',
        'é',
        Uint8Array.from([0, 255]),
        Uint8Array.from([0x41]),
        'abc',
        'hi',
        { $type: 'tuple', items: [] },
        { $type: 'tuple', items: [1] },
        fs,
        fs,
        'a\nb',
        'xé',
      ],
    });
  });

  it('decodes dicts built with SETITEM, SETITEMS, DICT and sets with ADDITEMS', () => {
    const v = readPickle(
      bytesOf(
        P,
        [0x7d], // EMPTY_DICT
        [0x8c, 1],
        'a',
        [0x4b, 1, 0x73], // SETITEM a=1
        [0x28, 0x8c, 1],
        'b',
        [0x8f, 0x28, 0x4b, 7, 0x90, 0x75], // SETITEMS b={7}
        [0x8c, 1],
        'c',
        [0x28, 0x4b, 1, 0x4b, 2, 0x64, 0x73], // c={1: 2} via DICT
        STOP,
      ),
    );
    expect(v).toEqual({
      $type: 'dict',
      entries: [
        ['a', 1],
        ['b', { $type: 'set', frozen: false, items: [7] }],
        ['c', { $type: 'dict', entries: [[1, 2]] }],
      ],
    });
  });

  it('refuses unsupported protocols and unknown bytes', () => {
    expect(catchError(() => readPickle(bytesOf([0x80, 0x06, 0x4e, 0x2e]))).code).toBe('UNSUPPORTED');
    const e = catchError(() => readPickle(bytesOf(P, [0xff]), { file: 'x.dat' }));
    expect(e.code).toBe('BAD_FORMAT');
    expect(e.message).toContain('0xff');
    expect(e.where).toEqual({ file: 'x.dat', offset: 2 });
  });

  it('refuses impossible stack operations with BAD_FORMAT', () => {
    const bad = [
      bytesOf(P, STOP), // empty stack
      bytesOf(P, [0x4e, 0x4e, 0x65, 0x2e]), // APPENDS without MARK
      bytesOf(P, [0x4e, 0x4e, 0x61, 0x2e]), // APPEND to None
      bytesOf(P, [0x68, 0x03, 0x2e]), // BINGET of an unknown memo
      bytesOf(P, [0x4e, 0x86, 0x2e]), // TUPLE2 with 1 item
      bytesOf(P, [0x5d, 0x94, 0x68, 0x00, 0x61, 0x2e]), // a list that contains itself
      bytesOf(P, [0x8c, 0x02, 0xff, 0xfe, 0x2e]), // invalid UTF-8
    ];
    for (const b of bad) expect(catchError(() => readPickle(b)).code).toBe('BAD_FORMAT');
  });

  it('enforces depth, item and string bounds with TOO_LARGE', () => {
    // 50 nested lists: [[[...]]]
    const nested = bytesOf(P, Array(50).fill(0x5d), Array(49).fill(0x61), STOP);
    expect(readPickle(nested)).toBeInstanceOf(Array);
    expect(catchError(() => readPickle(nested, { maxDepth: 10 })).code).toBe('TOO_LARGE');
    const many = bytesOf(P, [0x5d, 0x28], Array(100).fill(0x4e), [0x65], STOP);
    expect(catchError(() => readPickle(many, { maxItems: 50 })).code).toBe('TOO_LARGE');
    const bigString = bytesOf(P, [0x58, 0xff, 0xff, 0xff, 0x7f]);
    expect(catchError(() => readPickle(bigString)).code).toBe('TOO_LARGE');
    // "billion laughs": each list holds its predecessor twice; 2^30 leaves when expanded.
    const laughs: number[] = [0x80, 0x04, 0x5d, 0x94];
    for (let i = 0; i < 30; i++) laughs.push(0x5d, 0x28, 0x68, i, 0x68, i, 0x65, 0x94);
    laughs.push(0x2e);
    expect(catchError(() => readPickle(Uint8Array.from(laughs))).code).toBe('TOO_LARGE');
  });
});

describe('readPickle refuses code', () => {
  const hostile: Array<[string, number, Uint8Array]> = [
    ['GLOBAL', 2, bytesOf([0x80, 0x02], 'cos\nsystem\n', [0x28, 0x8c, 0x02], 'id', [0x74, 0x52, 0x2e])],
    ['STACK_GLOBAL', 14, bytesOf([0x80, 0x04, 0x8c, 0x02], 'os', [0x8c, 0x06], 'system', [0x93, 0x2e])],
    ['REDUCE', 3, bytesOf([0x80, 0x04, 0x4e, 0x52, 0x2e])],
    ['BUILD', 4, bytesOf([0x80, 0x04, 0x7d, 0x7d, 0x62, 0x2e])],
    ['INST', 3, bytesOf([0x80, 0x02, 0x28], 'ios\nsystem\n', [0x2e])],
    ['OBJ', 4, bytesOf([0x80, 0x02, 0x28, 0x4e, 0x6f, 0x2e])],
    ['NEWOBJ', 4, bytesOf([0x80, 0x04, 0x4e, 0x29, 0x81, 0x2e])],
    ['NEWOBJ_EX', 2, bytesOf([0x80, 0x04, 0x92, 0x2e])],
    ['PERSID', 2, bytesOf([0x80, 0x02], 'P1\n', [0x2e])],
    ['BINPERSID', 3, bytesOf([0x80, 0x02, 0x4e, 0x51, 0x2e])],
    ['EXT1', 2, bytesOf([0x80, 0x02, 0x82, 0x01, 0x2e])],
    ['EXT2', 2, bytesOf([0x80, 0x02, 0x83, 0x01, 0x00, 0x2e])],
    ['EXT4', 2, bytesOf([0x80, 0x02, 0x84, 0x01, 0, 0, 0, 0x2e])],
    ['NEXT_BUFFER', 2, bytesOf([0x80, 0x05, 0x97, 0x2e])],
    ['READONLY_BUFFER', 3, bytesOf([0x80, 0x05, 0x4e, 0x98, 0x2e])],
  ];
  it.each(hostile)('refuses %s with its name and offset', (name, offset, bytes) => {
    const e = catchError(() => readPickle(bytes, { file: 'evil.pkl' }));
    expect(e.code).toBe('UNSAFE_CONTENT');
    expect(e.message).toMatch(new RegExp(`opcode ${name} \\(0x[0-9a-f]{2}\\) at offset ${offset}\\b`));
    expect(e.where).toEqual({ file: 'evil.pkl', offset });
  });

  it('refuses GLOBAL even in symbolic mode when the opcode is not modelled (PERSID, EXT, INST)', () => {
    for (const [name, , bytes] of hostile) {
      if (!['INST', 'OBJ', 'PERSID', 'BINPERSID', 'EXT1', 'EXT2', 'EXT4', 'NEXT_BUFFER'].includes(name))
        continue;
      expect(catchError(() => readPickle(bytes, { mode: 'symbolic' })).code).toBe('UNSAFE_CONTENT');
    }
  });
});

describe('readPickle on random input', () => {
  const real = new Uint8Array(readFileSync(UNIHASHES));

  function onlyInspectorErrors(b: Uint8Array, mode: 'data' | 'symbolic'): void {
    try {
      readPickle(b, { mode, maxItems: 100_000 });
    } catch (e) {
      if (!(e instanceof InspectorError)) throw e;
    }
  }

  it('random bytes never hang and only throw InspectorError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (b, sym) => {
        onlyInspectorErrors(Uint8Array.from([0x80, 0x04, ...b]), sym ? 'symbolic' : 'data');
        onlyInspectorErrors(b, sym ? 'symbolic' : 'data');
      }),
      { numRuns: 3000 },
    );
  });

  it('random byte flips of a real file never hang and only throw InspectorError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (flips) => {
          const b = real.slice();
          for (const [i, x] of flips) b[i] = x;
          onlyInspectorErrors(b, 'data');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// Keeps the PickleValue import meaningful for readers of this file: the union is the contract.
export type { PickleValue };
