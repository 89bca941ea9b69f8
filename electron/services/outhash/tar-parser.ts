/**
 * A push parser for tar streams as GNU tar 1.34 writes sstate archives: ustar/GNU headers,
 * `././@LongLink` names and link targets (L/K), PAX extended headers (x/g) whose fields override
 * the header (tar-stream@3 ignores uid/gid/uname/gname/mtime there), base-256 numbers, hard
 * links, device numbers, and old-GNU sparse members ('S') expanded to their logical content.
 *
 * Why our own parser rather than tar-stream: tar-stream has no GNU sparse support (it would
 * hash the stored fragments, not the file), does not expose the raw header to recover it, and
 * needs PAX fields re-applied by hand anyway. This one is ~250 lines and bounded: metadata
 * records are capped, data is passed through in the chunks it arrives in.
 */
import { InspectorError } from '../../../shared/model/errors';

/** A member header with PAX/GNU extensions already applied. */
export interface TarHeader {
  path: string;
  linkpath: string;
  /** Type flag character ('0' regular, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo, ...). */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Seconds (PAX may give fractions). */
  mtime: number;
  /** Logical size (for sparse members the real size, not the stored size). */
  size: number;
  devMajor: number;
  devMinor: number;
  /** Offset of the header block in the (decompressed) tar stream. */
  offset: number;
}

/** Receives one member's logical content. */
export interface TarDataSink {
  data(chunk: Buffer): void;
  end(): void;
}

/** Called for each member; return a sink to receive its content, or null to skip it. */
export type TarEntryHandler = (h: TarHeader) => TarDataSink | null;

const BLOCK = 512;
const MAX_META = 1 << 20;
const ZEROS = Buffer.alloc(1 << 20);
const utf8 = new TextDecoder('utf-8', { fatal: true });

type State = 'header' | 'sparse-ext' | 'data' | 'padding' | 'done';

interface SparseChunk {
  offset: number;
  size: number;
}

export class TarParser {
  private state: State = 'header';
  private buf: Buffer[] = [];
  private bufLen = 0;
  private pos = 0;
  private remaining = 0;
  private padding = 0;
  private zeroBlocks = 0;
  private metaType = '';
  private meta: Buffer[] = [];
  private longName: string | null = null;
  private longLink: string | null = null;
  private pax: Map<string, string> = new Map();
  private globalPax: Map<string, string> = new Map();
  private pending: TarHeader | null = null;
  private sink: TarDataSink | null = null;
  private sparse: SparseChunk[] | null = null;
  private sparseIndex = 0;
  private logicalPos = 0;
  private members = 0;

  constructor(
    private readonly onEntry: TarEntryHandler,
    private readonly file: string,
  ) {}

  /** Feeds the next chunk of the tar stream. */
  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.state === 'done') return;
      if (this.state === 'data' || this.state === 'padding') {
        const n = Math.min(chunk.length - off, this.state === 'data' ? this.remaining : this.padding);
        if (this.state === 'data') this.feedData(chunk.subarray(off, off + n));
        else this.padding -= n;
        off += n;
        this.pos += n;
        this.advanceIfComplete();
        continue;
      }
      // Block-wise states: collect exactly 512 bytes.
      const need = BLOCK - this.bufLen;
      const n = Math.min(need, chunk.length - off);
      this.buf.push(chunk.subarray(off, off + n));
      this.bufLen += n;
      off += n;
      this.pos += n;
      if (this.bufLen === BLOCK) {
        const block = Buffer.concat(this.buf, BLOCK);
        this.buf = [];
        this.bufLen = 0;
        this.onBlock(block);
      }
    }
  }

  /** Call at the end of the stream: throws TRUNCATED unless the archive ended properly. */
  end(): number {
    if (this.state === 'done') return this.members;
    // GNU tar accepts a missing second zero block; so do we.
    if (this.state === 'header' && this.bufLen === 0 && this.zeroBlocks === 1) return this.members;
    throw new InspectorError(
      'TRUNCATED',
      this.state === 'header' && this.bufLen === 0
        ? 'The archive ends without its end-of-archive marker (truncated?)'
        : `The archive ends inside a ${this.state === 'data' ? 'member' : 'header'}`,
      { file: this.file, offset: this.pos, ...(this.pending ? { entry: this.pending.path } : {}) },
    );
  }

  private error(
    code: 'BAD_FORMAT' | 'UNSUPPORTED' | 'TOO_LARGE' | 'UNSAFE_CONTENT',
    msg: string,
    offset = this.pos - BLOCK,
  ): InspectorError {
    return new InspectorError(code, msg, { file: this.file, offset });
  }

  private onBlock(block: Buffer): void {
    if (this.state === 'sparse-ext') {
      this.readSparseEntries(block, 0, 21);
      if (block[504] === 0) this.startMember();
      return;
    }
    if (block.every((b) => b === 0)) {
      this.zeroBlocks++;
      if (this.zeroBlocks === 2) this.state = 'done';
      return;
    }
    if (this.zeroBlocks > 0)
      throw this.error(
        'BAD_FORMAT',
        'A member follows an end-of-archive block (corrupt or concatenated archive)',
      );
    this.parseHeader(block);
  }

  private parseHeader(b: Buffer): void {
    const offset = this.pos - BLOCK;
    const stored = this.num(b, 148, 8, offset);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (b[i] as number);
    if (sum !== stored)
      throw this.error('BAD_FORMAT', `Bad tar header checksum (not a tar archive, or corrupt)`, offset);
    const typeflag = b[156] === 0 ? '0' : String.fromCharCode(b[156] as number);
    const size = this.num(b, 124, 12, offset);
    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      if (size > MAX_META)
        throw this.error('TOO_LARGE', `Extended header of ${size} bytes exceeds ${MAX_META}`, offset);
      this.metaType = typeflag;
      this.meta = [];
      this.pending = null;
      this.state = 'data';
      this.remaining = size;
      this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
      this.advanceIfComplete();
      return;
    }
    const magic = b.toString('latin1', 257, 263);
    const gnu = magic === 'ustar ' || magic === 'ustar  ';
    let name = this.str(b, 0, 100, offset);
    if (!gnu && magic.startsWith('ustar')) {
      const prefix = this.str(b, 345, 155, offset);
      if (prefix) name = `${prefix}/${name}`;
    }
    const h: TarHeader = {
      path: this.longName ?? name,
      linkpath: this.longLink ?? this.str(b, 157, 100, offset),
      typeflag,
      mode: this.num(b, 100, 8, offset),
      uid: this.num(b, 108, 8, offset),
      gid: this.num(b, 116, 8, offset),
      uname: this.str(b, 265, 32, offset),
      gname: this.str(b, 297, 32, offset),
      mtime: this.num(b, 136, 12, offset),
      size,
      devMajor: this.num(b, 329, 8, offset),
      devMinor: this.num(b, 337, 8, offset),
      offset,
    };
    this.applyPax(h, this.globalPax);
    this.applyPax(h, this.pax);
    this.longName = null;
    this.longLink = null;
    this.pax = new Map();
    this.pending = h;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    this.sparse = null;
    if (typeflag === 'S') {
      if (!gnu) throw this.error('UNSUPPORTED', 'Sparse member outside the GNU format', offset);
      this.sparse = [];
      this.readSparseEntries(b, 386, 4);
      h.size = this.num(b, 483, 12, offset);
      if (b[482] !== 0) {
        this.state = 'sparse-ext';
        return;
      }
    }
    this.startMember();
  }

  private readSparseEntries(b: Buffer, start: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const o = start + i * 24;
      if (b[o] === 0) continue;
      (this.sparse as SparseChunk[]).push({
        offset: this.num(b, o, 12, this.pos - BLOCK),
        size: this.num(b, o + 12, 12, this.pos - BLOCK),
      });
    }
  }

  private startMember(): void {
    const h = this.pending as TarHeader;
    this.members++;
    this.sink = this.onEntry(h);
    this.sparseIndex = 0;
    this.logicalPos = 0;
    this.state = 'data';
    this.advanceIfComplete();
  }

  private feedData(chunk: Buffer): void {
    this.remaining -= chunk.length;
    if (this.metaType !== '') {
      this.meta.push(chunk);
      return;
    }
    if (!this.sink) return;
    if (!this.sparse) {
      this.sink.data(chunk);
      return;
    }
    // Old-GNU sparse: stored data is the concatenation of the map's chunks, in order.
    let off = 0;
    while (off < chunk.length) {
      const sc = this.sparse[this.sparseIndex];
      if (!sc) throw this.error('BAD_FORMAT', 'Sparse member has more data than its map describes', this.pos);
      if (this.logicalPos < sc.offset) this.zeros(sc.offset - this.logicalPos);
      const inChunk = this.logicalPos - sc.offset;
      const n = Math.min(sc.size - inChunk, chunk.length - off);
      this.sink.data(chunk.subarray(off, off + n));
      off += n;
      this.logicalPos += n;
      if (this.logicalPos - sc.offset >= sc.size) this.sparseIndex++;
    }
  }

  private zeros(n: number): void {
    for (let left = n; left > 0;) {
      const k = Math.min(left, ZEROS.length);
      this.sink?.data(ZEROS.subarray(0, k));
      left -= k;
    }
    this.logicalPos += n;
  }

  private advanceIfComplete(): void {
    if (this.state === 'data' && this.remaining === 0) {
      if (this.metaType !== '') this.finishMeta();
      else this.finishMember();
      this.state = this.padding > 0 ? 'padding' : 'header';
    } else if (this.state === 'padding' && this.padding === 0) this.state = 'header';
  }

  private finishMember(): void {
    if (this.sparse && this.sink) {
      const h = this.pending as TarHeader;
      if (this.logicalPos < h.size) this.zeros(h.size - this.logicalPos);
    }
    this.sink?.end();
    this.sink = null;
    this.pending = null;
    this.sparse = null;
  }

  private finishMeta(): void {
    const data = Buffer.concat(this.meta);
    this.meta = [];
    const type = this.metaType;
    this.metaType = '';
    if (type === 'L' || type === 'K') {
      const end = data.indexOf(0);
      const s = this.decode(end >= 0 ? data.subarray(0, end) : data, this.pos);
      if (type === 'L') this.longName = s;
      else this.longLink = s;
      return;
    }
    const target = type === 'g' ? this.globalPax : this.pax;
    let off = 0;
    while (off < data.length) {
      const sp = data.indexOf(0x20, off);
      const len = Number(data.toString('latin1', off, sp));
      if (sp < 0 || !Number.isInteger(len) || len <= 0 || off + len > data.length)
        throw this.error('BAD_FORMAT', 'Malformed PAX record', this.pos);
      const rec = this.decode(data.subarray(sp + 1, off + len - 1), this.pos);
      const eq = rec.indexOf('=');
      if (eq < 0) throw this.error('BAD_FORMAT', 'Malformed PAX record (no =)', this.pos);
      target.set(rec.slice(0, eq), rec.slice(eq + 1));
      off += len;
    }
  }

  private applyPax(h: TarHeader, pax: Map<string, string>): void {
    for (const [k, v] of pax) {
      switch (k) {
        case 'path':
          h.path = v;
          break;
        case 'linkpath':
          h.linkpath = v;
          break;
        case 'uname':
          h.uname = v;
          break;
        case 'gname':
          h.gname = v;
          break;
        case 'uid':
        case 'gid':
        case 'size':
        case 'mtime': {
          const n = Number(v);
          if (!Number.isFinite(n)) throw this.error('BAD_FORMAT', `PAX ${k}=${v} is not a number`);
          h[k] = n;
          break;
        }
        default:
          if (k.startsWith('GNU.sparse.'))
            throw this.error(
              'UNSUPPORTED',
              'PAX-format sparse members are not supported (OE writes GNU-format archives)',
            );
      }
    }
  }

  private str(b: Buffer, start: number, len: number, offset: number): string {
    const field = b.subarray(start, start + len);
    const end = field.indexOf(0);
    return this.decode(end >= 0 ? field.subarray(0, end) : field, offset);
  }

  private decode(bytes: Buffer, offset: number): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new InspectorError(
        'UNSUPPORTED',
        `Member name is not valid UTF-8 (${JSON.stringify(bytes.toString('latin1'))}): BitBake cannot encode such names either, so the task has no outhash`,
        { file: this.file, offset },
      );
    }
  }

  /** Octal (NUL/space terminated) or GNU base-256 (first byte has the high bit set). */
  private num(b: Buffer, start: number, len: number, offset: number): number {
    const first = b[start] as number;
    if (first & 0x80) {
      let v = BigInt(first & 0x7f);
      if (first & 0x40) v -= 0x80n; // negative: two's complement over the whole field
      for (let i = 1; i < len; i++) v = (v << 8n) | BigInt(b[start + i] as number);
      return Number(v);
    }
    const text = b
      .toString('latin1', start, start + len)
      .replace(/[\0 ]+$/, '')
      .replace(/^ +/, '');
    if (text === '') return 0;
    if (!/^[0-7]+$/.test(text))
      throw this.error('BAD_FORMAT', `Bad octal number '${text}' in tar header`, offset);
    return parseInt(text, 8);
  }
}
