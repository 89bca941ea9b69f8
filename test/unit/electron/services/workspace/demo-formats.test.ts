import { describe, expect, it } from 'vitest';
import { pickleUnihashCache, pythonJson } from '../../../../../electron/services/workspace/demo/demo-formats';
import { readPickle } from '../../../../../electron/services/sources/pickle/pickle-reader';
import { depsigText, outhashOf } from '../../../../../electron/services/workspace/demo/demo-output';

const TH = 'a'.repeat(64);
const UH = 'b'.repeat(64);

describe('demo file writers', () => {
  it('pickles bb_unihashes.dat as protocol 4 with a frame, memo and BINGET for identical hashes', () => {
    const bytes = pickleUnihashCache([
      [':zlib:do_populate_sysroot', TH, UH],
      ['mc1:zlib:do_package', UH, UH],
    ]);
    expect([...bytes.subarray(0, 3)]).toEqual([0x80, 4, 0x95]);
    expect(Number(bytes.readBigUInt64LE(3))).toBe(bytes.length - 11);
    expect([...bytes.subarray(11, 16)]).toEqual([0x5d, 0x94, 0x28, 0x7d, 0x94]);
    expect(bytes.at(-1)).toBe(0x2e);
    // The second value's unihash is the memoized taskhash string (BINGET = 0x68).
    expect(bytes.includes(Buffer.from([0x68]))).toBe(true);
    const v = readPickle(bytes) as unknown as [
      { $type: 'dict'; entries: Array<[string, { items: string[] }]> },
      string,
    ];
    expect(v[1]).toBe('3');
    expect(v[0].entries.map(([k, t]) => [k, ...t.items])).toEqual([
      [':zlib:do_populate_sysroot', TH, UH],
      ['mc1:zlib:do_package', UH, UH],
    ]);
  });

  it('batches SETITEMS by 1000 pairs like CPython', () => {
    const entries = Array.from(
      { length: 2500 },
      (_, i) => [`:r${i}:do_package`, TH, UH] as [string, string, string],
    );
    const bytes = pickleUnihashCache(entries);
    const v = readPickle(bytes) as unknown as [{ entries: unknown[] }, string];
    expect(v[0].entries).toHaveLength(2500);
  });

  it('writes JSON the way Python json.dumps(sort_keys=True, separators=(",", ":")) does', () => {
    expect(pythonJson({ b: [1, 'x'], a: { d: null, c: 'é' } })).toBe(
      '{"a":{"c":"\\u00e9","d":null},"b":[1,"x"]}',
    );
  });

  it('formats a depsig like the fixture (owner-only permissions, no timestamps outside package)', () => {
    const text = depsigText('populate_sysroot', 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:', [
      { type: 'dir', path: 'sysroot-destdir', mode: 0o755 },
      { type: 'file', path: 'sysroot-destdir/a', mode: 0o644, content: 'zlib\n' },
    ]);
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'OEOuthashBasic',
      '18',
      'SSTATE_PKGSPEC=sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:',
      'task=populate_sysroot',
    ]);
    expect(lines[4]).toBe(`drwx${' '.repeat(87)}.`);
    expect(lines[6]).toMatch(/^-rw- {20}5 [0-9a-f]{64} \.\/sysroot-destdir\/a$/);
    expect(outhashOf(text)).toMatch(/^[0-9a-f]{64}$/);
  });
});
