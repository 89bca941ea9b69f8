import { promisify } from 'node:util';
import { zstdDecompress, zstdDecompressSync } from 'node:zlib';
import { InspectorError } from '../../../../shared/model/errors';

const decompress = promisify(zstdDecompress);

/**
 * Frames up to this compressed size are decompressed synchronously: for the few-KiB frames of
 * real sig files the thread-pool round trip of the async call costs more than the work (measured
 * by bench/sig-read.bench.ts). Larger frames keep the event loop free.
 */
export const SYNC_FRAME_MAX_BYTES = 256 * 1024;
/**
 * Output budget of one synchronous decompression: a small frame that expands past it (a bomb,
 * or a very compressible sig file) is redone asynchronously with the full budget, so one call
 * never blocks the event loop for more than ~8 MiB of output.
 */
export const SYNC_OUTPUT_MAX_BYTES = 8 * 1024 * 1024;

function isTooLarge(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ERR_BUFFER_TOO_LARGE' || (err instanceof RangeError && /larger than/.test(err.message));
}

/** One frame, sync when small (see SYNC_FRAME_MAX_BYTES), never more than `budget` bytes out. */
async function decompressFrame(frame: Uint8Array, budget: number): Promise<Buffer> {
  if (frame.length <= SYNC_FRAME_MAX_BYTES) {
    const cap = Math.min(budget, SYNC_OUTPUT_MAX_BYTES);
    try {
      return zstdDecompressSync(frame, { maxOutputLength: cap });
    } catch (err) {
      // Over the sync cap but maybe within the budget: the async call below decides.
      if (!(isTooLarge(err) && budget > cap)) throw err;
    }
  }
  return decompress(frame, { maxOutputLength: budget });
}

/** `28 b5 2f fd`: a zstd frame. */
export const ZSTD_MAGIC = 0xfd2fb528;
/** `5X 2a 4d 18`: skippable frames (pzstd writes one before each data frame). */
const SKIPPABLE_MIN = 0x184d2a50;
const SKIPPABLE_MAX = 0x184d2a5f;

/** One data frame of a zstd stream, located without decompressing. */
export interface ZstdFrame {
  offset: number;
  length: number;
}

/**
 * Walks the frame and block headers of a zstd stream (RFC 8878) to find each data frame and
 * prove that none is cut short. We do this ourselves because Node's zlib returns partial output
 * without an error for a truncated stream and stops at a leading skippable frame.
 */
export function locateZstdFrames(buf: Uint8Array, file?: string): ZstdFrame[] {
  const frames: ZstdFrame[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const need = (n: number, what: string): void => {
    if (pos + n > buf.length) {
      throw new InspectorError('TRUNCATED', `zstd stream ends inside ${what}`, { file, offset: buf.length });
    }
  };
  while (pos < buf.length) {
    need(4, 'a frame magic number');
    const magic = view.getUint32(pos, true);
    if (magic >= SKIPPABLE_MIN && magic <= SKIPPABLE_MAX) {
      need(8, 'a skippable frame header');
      const size = view.getUint32(pos + 4, true);
      need(8 + size, 'a skippable frame');
      pos += 8 + size;
      continue;
    }
    if (magic !== ZSTD_MAGIC) {
      throw new InspectorError('BAD_FORMAT', `not a zstd frame (magic ${hex32(magic)})`, {
        file,
        offset: pos,
      });
    }
    const start = pos;
    pos += 4;
    need(1, 'a frame header');
    const fhd = buf[pos]!;
    if (fhd & 0x08)
      throw new InspectorError('BAD_FORMAT', 'zstd frame header has the reserved bit set', {
        file,
        offset: pos,
      });
    const fcsFlag = fhd >> 6;
    const singleSegment = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    const didSize = [0, 1, 2, 4][fhd & 3]!;
    const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
    const headerSize = 1 + (singleSegment ? 0 : 1) + didSize + fcsSize;
    need(headerSize, 'a frame header');
    pos += headerSize;
    for (;;) {
      need(3, 'a block header');
      const bh = buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16);
      const last = bh & 1;
      const type = (bh >> 1) & 3;
      const size = bh >>> 3;
      if (type === 3)
        throw new InspectorError('BAD_FORMAT', 'zstd block of reserved type', { file, offset: pos });
      const body = type === 1 ? 1 : size; // RLE blocks store one byte
      pos += 3;
      need(body, 'a block');
      pos += body;
      if (last) break;
    }
    if (checksum) {
      need(4, 'the frame checksum');
      pos += 4;
    }
    frames.push({ offset: start, length: pos - start });
  }
  if (frames.length === 0)
    throw new InspectorError('TRUNCATED', 'zstd stream holds no data frame', { file, offset: 0 });
  return frames;
}

/**
 * Decompresses a whole zstd stream (single frame as `zstd` writes it, or pzstd's skippable +
 * data frames), never producing more than `maxBytes`: a decompression bomb gives TOO_LARGE
 * after at most `maxBytes` of output, not an exhausted heap.
 */
export async function decompressZstdBounded(
  buf: Uint8Array,
  maxBytes: number,
  file?: string,
): Promise<Buffer> {
  const frames = locateZstdFrames(buf, file);
  const parts: Buffer[] = [];
  let total = 0;
  for (const f of frames) {
    const remaining = maxBytes - total;
    let out: Buffer;
    try {
      // maxOutputLength: zlib stops (and throws) once the output would pass the budget.
      out = await decompressFrame(buf.subarray(f.offset, f.offset + f.length), Math.max(1, remaining));
    } catch (err) {
      if (isTooLarge(err)) {
        throw new InspectorError(
          'TOO_LARGE',
          `decompressed content is larger than the limit of ${maxBytes} bytes`,
          {
            file,
            offset: f.offset,
          },
        );
      }
      throw new InspectorError(
        'BAD_FORMAT',
        `corrupt zstd frame: ${(err as Error).message}`,
        { file, offset: f.offset },
        {
          cause: err,
        },
      );
    }
    total += out.length;
    if (total > maxBytes) {
      throw new InspectorError(
        'TOO_LARGE',
        `decompressed content is larger than the limit of ${maxBytes} bytes`,
        {
          file,
          offset: f.offset,
        },
      );
    }
    parts.push(out);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}

function hex32(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
