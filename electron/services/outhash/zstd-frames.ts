/**
 * Streaming zstd decoding of multi-frame input, as pzstd writes sstate archives: each data frame
 * is preceded by a skippable frame (magic 0x184D2A5?) holding its size. Node's zlib zstd
 * decoder stops after the first frame (measured: a skippable frame first gives 0 bytes, two
 * concatenated frames give only the first), so this module splits the input at frame
 * boundaries — by parsing frame and block headers, no decompression — and runs one decoder per
 * data frame, pulling input only as output is consumed (bounded memory).
 */
import { Readable } from 'node:stream';
import { createZstdDecompress } from 'node:zlib';
import { InspectorError } from '../../../shared/model/errors';

const ZSTD_MAGIC = 0xfd2fb528;

/** Pull-based reader over an async iterable of chunks, tracking the offset. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  offset = 0;
  constructor(
    private readonly it: AsyncIterator<Buffer>,
    private readonly file: string,
  ) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
    return true;
  }

  /** True at end of input. */
  async atEnd(): Promise<boolean> {
    while (this.buf.length === 0) if (!(await this.fill())) return true;
    return false;
  }

  /** Exactly n bytes (n small), or TRUNCATED. */
  async exact(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (!(await this.fill()))
        throw new InspectorError('TRUNCATED', 'The zstd stream ends inside a frame (truncated archive?)', {
          file: this.file,
          offset: this.offset + this.buf.length,
        });
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.offset += n;
    return out;
  }

  /** Up to n bytes (at least 1), or TRUNCATED at end of input. */
  async some(n: number): Promise<Buffer> {
    while (this.buf.length === 0) {
      if (!(await this.fill()))
        throw new InspectorError('TRUNCATED', 'The zstd stream ends inside a frame (truncated archive?)', {
          file: this.file,
          offset: this.offset,
        });
    }
    const k = Math.min(n, this.buf.length);
    const out = this.buf.subarray(0, k);
    this.buf = this.buf.subarray(k);
    this.offset += k;
    return out;
  }
}

async function* frameBytes(r: ByteReader, magic: Buffer, file: string): AsyncGenerator<Buffer> {
  yield magic;
  const fhdBuf = await r.exact(1);
  const fhd = fhdBuf[0] as number;
  if (fhd & 0x08)
    throw new InspectorError('BAD_FORMAT', 'Corrupt zstd frame header (reserved bit set)', {
      file,
      offset: r.offset - 1,
    });
  const single = (fhd & 0x20) !== 0;
  const fcsFlag = fhd >> 6;
  const headerRest =
    (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + (fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!);
  yield fhdBuf;
  if (headerRest > 0) yield await r.exact(headerRest);
  for (;;) {
    const bh = await r.exact(3);
    yield bh;
    const v = (bh[0] as number) | ((bh[1] as number) << 8) | ((bh[2] as number) << 16);
    const last = (v & 1) === 1;
    const type = (v >> 1) & 3;
    const size = v >> 3;
    if (type === 3)
      throw new InspectorError('BAD_FORMAT', 'Corrupt zstd block (reserved block type)', {
        file,
        offset: r.offset - 3,
      });
    let left = type === 1 ? 1 : size;
    while (left > 0) {
      const c = await r.some(left);
      left -= c.length;
      yield c;
    }
    if (last) break;
  }
  if (fhd & 0x04) yield await r.exact(4);
}

/** Decompresses a (multi-frame, possibly with skippable frames) zstd stream. */
export async function* decodeZstdFrames(input: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  const r = new ByteReader(input[Symbol.asyncIterator](), file);
  let frames = 0;
  while (!(await r.atEnd())) {
    const start = r.offset;
    const magic = await r.exact(4);
    const m = magic.readUInt32LE(0);
    if ((m & 0xfffffff0) === 0x184d2a50) {
      const size = (await r.exact(4)).readUInt32LE(0);
      for (let left = size; left > 0;) left -= (await r.some(left)).length;
      continue;
    }
    if (m !== ZSTD_MAGIC)
      throw new InspectorError('BAD_FORMAT', `Not a zstd frame (magic ${magic.toString('hex')})`, {
        file,
        offset: start,
      });
    frames++;
    const decoder = createZstdDecompress();
    const src = Readable.from(frameBytes(r, magic, file), { objectMode: false });
    src.on('error', (err) => decoder.destroy(err));
    try {
      for await (const c of src.pipe(decoder) as AsyncIterable<Buffer>) yield c;
    } catch (err) {
      src.destroy();
      if (err instanceof InspectorError) throw err;
      throw new InspectorError(
        'BAD_FORMAT',
        `Corrupt zstd frame: ${(err as Error).message}`,
        { file, offset: start },
        { cause: err },
      );
    }
  }
  if (frames === 0)
    throw new InspectorError('BAD_FORMAT', 'The zstd stream holds no data frame', { file, offset: 0 });
}
