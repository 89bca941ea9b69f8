import { zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InspectorError } from '../../../../../../shared/model/errors';
import {
  decompressZstdBounded,
  locateZstdFrames,
} from '../../../../../../electron/services/sources/siginfo/zstd-frames';

function thrown(f: () => unknown): InspectorError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InspectorError);
    return e as InspectorError;
  }
  throw new Error('expected a throw');
}

describe('locateZstdFrames', () => {
  const text = Buffer.from('{"task":"do_compile"}'.repeat(50));
  const frame = zstdCompressSync(text);

  it('finds each data frame and steps over skippable ones', () => {
    const skip = Buffer.from([0x5e, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 0xaa, 0xbb]);
    const stream = Buffer.concat([skip, frame, frame]);
    expect(locateZstdFrames(stream)).toEqual([
      { offset: 10, length: frame.length },
      { offset: 10 + frame.length, length: frame.length },
    ]);
  });

  it('walks the blocks of a MiB of zeros (one small frame)', () => {
    const zeros = zstdCompressSync(Buffer.alloc(1 << 20));
    expect(locateZstdFrames(zeros)).toEqual([{ offset: 0, length: zeros.length }]);
  });

  it('names the offset where a stream is cut or not zstd', () => {
    const cut = thrown(() => locateZstdFrames(frame.subarray(0, 7), 'f'));
    expect([cut.code, cut.message, cut.where]).toEqual([
      'TRUNCATED',
      'zstd stream ends inside a block header',
      { file: 'f', offset: 7 },
    ]);
    const tail = thrown(() => locateZstdFrames(Buffer.concat([frame, Buffer.from('xyz!')]), 'f'));
    expect([tail.code, tail.where?.offset]).toEqual(['BAD_FORMAT', frame.length]);
    expect(thrown(() => locateZstdFrames(Buffer.alloc(0))).code).toBe('TRUNCATED');
  });

  it('decompresses within the budget and refuses beyond it', async () => {
    expect((await decompressZstdBounded(Buffer.concat([frame, frame]), 10_000)).toString()).toBe(
      text.toString() + text.toString(),
    );
    const err = await decompressZstdBounded(Buffer.concat([frame, frame]), text.length + 10, 'f').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InspectorError);
    expect((err as InspectorError).code).toBe('TOO_LARGE');
    expect((err as InspectorError).where).toEqual({ file: 'f', offset: frame.length });
  });
});
