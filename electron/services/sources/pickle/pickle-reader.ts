import { InspectorError } from '../../../../shared/model/errors';
import type { ErrorCode, ErrorWhere } from '../../../../shared/model/errors';
import { CODE_OPCODES, SYMBOLIC_OPCODES, describeOpcode } from './pickle-opcodes';
import { decodeUtf8SurrogatePass } from './pickle-utf8';
import { checkPickleShape } from './pickle-shape';
import type {
  PickleDict,
  PickleGlobal,
  PickleObject,
  PickleSet,
  PickleTuple,
  PickleValue,
} from './pickle-value';

/** Options of {@link readPickle}. */
export interface ReadPickleOptions {
  /** File name for error messages. */
  file?: string;
  /** Line of a text file the pickle came from (event logs), for error messages. */
  line?: number;
  /**
   * 'data' (default): only data opcodes; anything that references code is refused.
   * 'symbolic': for event logs only — class references and object construction become inert
   * PickleGlobal / PickleObject records (never resolved or called).
   */
  mode?: 'data' | 'symbolic';
  /** Deepest container nesting (and MARK nesting) accepted. Default 500. */
  maxDepth?: number;
  /**
   * Most container items + memo entries + stack entries accepted, and (data mode) the size of the
   * value with shared references expanded. Default max(5,000,000, 2 x input bytes).
   */
  maxItems?: number;
  /** Longest single str/bytes accepted, in bytes. Default 64 MiB. */
  maxStringBytes?: number;
}

const DEFAULT_MAX_DEPTH = 500;
const DEFAULT_MAX_ITEMS = 5_000_000;
const DEFAULT_MAX_STRING_BYTES = 64 * 1024 * 1024;
/** Python ints written with LONG4 can be any size; converting a huge one is quadratic. */
const MAX_INT_BYTES = 4096;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

type StackItem = PickleValue;

/**
 * Decodes a pickle without ever executing it. Data mode (default) implements the data opcodes of
 * protocols 0–5 and refuses every opcode that references code (GLOBAL, REDUCE, BUILD, ...) with
 * UNSAFE_CONTENT, naming the opcode and its offset. Truncated input gives TRUNCATED, an unknown
 * byte or an impossible stack operation BAD_FORMAT, a size bound TOO_LARGE. Never throws
 * anything but InspectorError, never loops without consuming input.
 */
export function readPickle(bytes: Uint8Array, opts: ReadPickleOptions = {}): PickleValue {
  return new PickleMachine(bytes, opts).run();
}

class PickleMachine {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** The same bytes as a Buffer, for its fast latin1 slicing. */
  private readonly buf: Buffer;
  private readonly symbolic: boolean;
  private readonly maxDepth: number;
  private readonly maxItems: number;
  private readonly maxStringBytes: number;
  private readonly opts: ReadPickleOptions;
  private pos = 0;
  /** Offset of the opcode being executed, for errors. */
  private opOffset = 0;
  private stack: StackItem[] = [];
  /** Stacks saved by MARK (Python's metastack): popping to a mark restores the one below. */
  private readonly metastack: StackItem[][] = [];
  /** The memo: dense indices (what MEMOIZE writes) in an array, any others in a map. */
  private readonly memo: PickleValue[] = [];
  private readonly sparseMemo = new Map<number, PickleValue>();
  private items = 0;

  constructor(bytes: Uint8Array, opts: ReadPickleOptions) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.symbolic = opts.mode === 'symbolic';
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    // Every item costs at least one input byte, so a big genuine file (a 1M-entry unihash cache)
    // must not hit the default: the bound is there for amplification, not for honest size.
    this.maxItems = opts.maxItems ?? Math.max(DEFAULT_MAX_ITEMS, 2 * bytes.length);
    this.maxStringBytes = opts.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
    this.opts = opts;
  }

  private where(offset: number): ErrorWhere {
    const w: ErrorWhere = { offset };
    if (this.opts.file !== undefined) w.file = this.opts.file;
    if (this.opts.line !== undefined) w.line = this.opts.line;
    return w;
  }

  private fail(code: ErrorCode, message: string, offset = this.opOffset): InspectorError {
    return new InspectorError(code, message, this.where(offset));
  }

  private opName(): string {
    return describeOpcode(this.bytes[this.opOffset] ?? 0);
  }

  // ---- input primitives ----

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw this.fail(
        'TRUNCATED',
        `Pickle ends inside opcode ${this.opName()} at offset ${this.opOffset}: needs ${n} more byte(s) at offset ${this.pos}, file has ${this.bytes.length}`,
      );
    }
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** An 8-byte length; anything beyond 2^53 is certainly over every bound. */
  private u64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x1_0000_0000 + lo;
  }

  /** Reserves `n` bytes of a str/bytes payload, checking the size bound before the end of input. */
  private payload(n: number): number {
    if (n > this.maxStringBytes) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} declares ${n} bytes (limit ${this.maxStringBytes})`,
      );
    }
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return start;
  }

  /** A newline-terminated argument of the text opcodes (protocol 0), without the newline. */
  private textLine(): string {
    const nl = this.bytes.indexOf(0x0a, this.pos);
    if (nl < 0) {
      throw this.fail(
        'TRUNCATED',
        `Pickle ends inside opcode ${this.opName()} at offset ${this.opOffset}: no newline`,
      );
    }
    if (nl - this.pos > this.maxStringBytes) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset}: argument too long`,
      );
    }
    const s = this.utf8(this.pos, nl);
    this.pos = nl + 1;
    return s;
  }

  private utf8(start: number, end: number): string {
    if (end - start <= 128) {
      // Keys and hashes are short ASCII: a byte check plus latin1 is ~2x faster than TextDecoder.
      const b = this.bytes;
      let i = start;
      while (i < end && b[i]! < 0x80) i++;
      if (i === end) return this.buf.toString('latin1', start, end);
    }
    const s = decodeUtf8SurrogatePass(this.bytes, start, end);
    if (s === undefined) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset}: invalid UTF-8 text`,
      );
    }
    return s;
  }

  // ---- stack primitives ----

  private count(n: number): void {
    this.items += n;
    if (this.items > this.maxItems) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle has more than ${this.maxItems} items (at offset ${this.opOffset})`,
      );
    }
  }

  private push(v: StackItem): void {
    if (this.stack.length >= this.maxItems) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle stack exceeds ${this.maxItems} entries (at offset ${this.opOffset})`,
      );
    }
    this.stack.push(v);
  }

  private pop(): StackItem {
    if (this.stack.length === 0) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} pops from an empty stack${this.metastack.length ? ' (or across a MARK)' : ''}`,
      );
    }
    return this.stack.pop()!;
  }

  private top(): StackItem {
    const t = this.stack[this.stack.length - 1];
    if (this.stack.length === 0) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} needs a value on the stack`,
      );
    }
    return t as StackItem;
  }

  private popMark(): StackItem[] {
    const below = this.metastack.pop();
    if (below === undefined) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} has no matching MARK`,
      );
    }
    const items = this.stack;
    this.stack = below;
    return items;
  }

  private pushMark(): void {
    if (this.metastack.length >= this.maxDepth) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle MARK nesting exceeds ${this.maxDepth} (at offset ${this.opOffset})`,
      );
    }
    this.metastack.push(this.stack);
    this.stack = [];
  }

  private memoGet(index: number): void {
    const v = index < this.memo.length ? this.memo[index] : this.sparseMemo.get(index);
    if (v === undefined) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} reads memo ${index}, never stored`,
      );
    }
    this.push(v);
  }

  private memoPut(index: number): void {
    this.count(1);
    const v = this.top();
    if (index < this.memo.length) this.memo[index] = v;
    else if (index === this.memo.length && !this.sparseMemo.has(index)) this.memo.push(v);
    else this.sparseMemo.set(index, v);
  }

  /** Python's len(memo), the index MEMOIZE writes to. */
  private memoSize(): number {
    let n = this.memo.length;
    for (const k of this.sparseMemo.keys()) if (k >= this.memo.length) n++;
    return n;
  }

  private textIndex(): number {
    const s = this.textLine();
    if (!/^\d{1,15}$/.test(s))
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset}: bad memo index`,
      );
    return Number(s);
  }

  // ---- container helpers ----

  private tupleOf(items: PickleValue[]): PickleTuple {
    return { $type: 'tuple', items };
  }

  private appendTo(target: StackItem, values: PickleValue[]): void {
    this.count(values.length);
    if (Array.isArray(target)) {
      for (const v of values) target.push(v);
    } else if (this.symbolic && isObjectRecord(target)) {
      (target.listitems ??= []).push(...values);
    } else {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} appends to a ${kindOf(target)}, not a list`,
      );
    }
  }

  private setItemsOn(target: StackItem, flat: PickleValue[]): void {
    if (flat.length % 2 !== 0) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} has an odd number of key/value items`,
      );
    }
    this.count(flat.length / 2);
    let entries: Array<[PickleValue, PickleValue]>;
    if (isDict(target)) entries = target.entries;
    else if (this.symbolic && isObjectRecord(target)) entries = target.dictitems ??= [];
    else {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} sets items on a ${kindOf(target)}, not a dict`,
      );
    }
    for (let i = 0; i < flat.length; i += 2) entries.push([flat[i]!, flat[i + 1]!]);
  }

  private pushInt(v: bigint): void {
    this.push(v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v);
  }

  /** Two's complement little-endian integer of `n` bytes (LONG1/LONG4). */
  private longBytes(n: number): void {
    if (n > MAX_INT_BYTES) {
      throw this.fail(
        'TOO_LARGE',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset}: integer of ${n} bytes (limit ${MAX_INT_BYTES})`,
      );
    }
    this.need(n);
    const b = this.bytes;
    const start = this.pos;
    this.pos += n;
    if (n === 0) return this.push(0);
    if (n <= 6) {
      // Fits a double exactly: avoid BigInt for the common small cases.
      let v = 0;
      for (let i = n - 1; i >= 0; i--) v = v * 256 + b[start + i]!;
      if (b[start + n - 1]! & 0x80) v -= 2 ** (8 * n);
      return this.push(v);
    }
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[start + i]!);
    if (b[start + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    this.pushInt(v);
  }

  private textInt(allowBool: boolean): void {
    let s = this.textLine();
    if (allowBool && s === '00') return this.push(false);
    if (allowBool && s === '01') return this.push(true);
    if (s.endsWith('L')) s = s.slice(0, -1);
    if (!/^[+-]?\d+$/.test(s) || s.length > MAX_INT_BYTES * 3) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset}: bad integer text`,
      );
    }
    this.pushInt(BigInt(s));
  }

  /** Python 2 `str` (BINSTRING family): ASCII becomes a string, anything else stays bytes. */
  private legacyString(start: number, end: number): void {
    const raw = this.bytes.slice(start, end);
    this.push(raw.every((c) => c < 0x80) ? String.fromCharCode(...raw) : raw);
  }

  // ---- the machine ----

  run(): PickleValue {
    const b = this.bytes;
    for (;;) {
      if (this.pos >= b.length) {
        throw this.fail('TRUNCATED', `Pickle ends at offset ${this.pos} before its STOP opcode`, this.pos);
      }
      this.opOffset = this.pos;
      const op = b[this.pos++]!;
      if (CODE_OPCODES.has(op) && !(this.symbolic && SYMBOLIC_OPCODES.has(op))) {
        throw this.fail(
          'UNSAFE_CONTENT',
          `Refused pickle opcode ${describeOpcode(op)} at offset ${this.opOffset}: it references code, and this reader only decodes data (${this.symbolic ? 'symbolic' : 'data'} mode)`,
        );
      }
      switch (op) {
        case 0x80: {
          // PROTO
          const v = this.u8();
          if (v < 2 || v > 5)
            throw this.fail(
              'UNSUPPORTED',
              `Pickle protocol ${v} at offset ${this.opOffset} is not supported (2..5)`,
            );
          break;
        }
        case 0x95: // FRAME: a length hint only
          this.u64();
          break;
        case 0x2e: {
          // STOP
          const value = this.pop();
          checkPickleShape(value, {
            allowCycles: this.symbolic,
            maxDepth: this.maxDepth,
            maxItems: this.symbolic ? Infinity : this.maxItems,
            where: this.where(this.opOffset),
          });
          return value;
        }
        case 0x28: // MARK
          this.pushMark();
          break;
        case 0x30: // POP (Python: pops a mark when the stack above it is empty)
          if (this.stack.length > 0) this.stack.pop();
          else this.popMark();
          break;
        case 0x31: // POP_MARK
          this.popMark();
          break;
        case 0x32: // DUP
          this.push(this.top());
          break;
        case 0x4e: // NONE
          this.push(null);
          break;
        case 0x88: // NEWTRUE
          this.push(true);
          break;
        case 0x89: // NEWFALSE
          this.push(false);
          break;
        case 0x4a: // BININT
          this.push(this.i32());
          break;
        case 0x4b: // BININT1
          this.push(this.u8());
          break;
        case 0x4d: // BININT2
          this.push(this.u16());
          break;
        case 0x8a: // LONG1
          this.longBytes(this.u8());
          break;
        case 0x8b: {
          // LONG4
          const n = this.i32();
          if (n < 0)
            throw this.fail('BAD_FORMAT', `Pickle opcode LONG4 at offset ${this.opOffset}: negative length`);
          this.longBytes(n);
          break;
        }
        case 0x49: // INT
          this.textInt(true);
          break;
        case 0x4c: // LONG
          this.textInt(false);
          break;
        case 0x47: {
          // BINFLOAT, big-endian
          this.need(8);
          this.push(this.view.getFloat64(this.pos, false));
          this.pos += 8;
          break;
        }
        case 0x46: {
          // FLOAT (text)
          const s = this.textLine().trim();
          const v = parseTextFloat(s);
          if (v === undefined)
            throw this.fail('BAD_FORMAT', `Pickle opcode FLOAT at offset ${this.opOffset}: bad float text`);
          this.push(v);
          break;
        }
        case 0x8c: {
          // SHORT_BINUNICODE
          const n = this.u8();
          const s = this.payload(n);
          this.push(this.utf8(s, s + n));
          break;
        }
        case 0x58: {
          // BINUNICODE
          const n = this.u32();
          const s = this.payload(n);
          this.push(this.utf8(s, s + n));
          break;
        }
        case 0x8d: {
          // BINUNICODE8
          const n = this.u64();
          const s = this.payload(n);
          this.push(this.utf8(s, s + n));
          break;
        }
        case 0x56: {
          // UNICODE (raw-unicode-escape text)
          const nl = b.indexOf(0x0a, this.pos);
          if (nl < 0)
            throw this.fail(
              'TRUNCATED',
              `Pickle ends inside opcode UNICODE at offset ${this.opOffset}: no newline`,
            );
          this.payload(nl - this.pos);
          this.push(rawUnicodeEscape(b.subarray(this.opOffset + 1, nl)));
          this.pos = nl + 1;
          break;
        }
        case 0x43: {
          // SHORT_BINBYTES
          const n = this.u8();
          const s = this.payload(n);
          this.push(b.slice(s, s + n));
          break;
        }
        case 0x42: {
          // BINBYTES
          const n = this.u32();
          const s = this.payload(n);
          this.push(b.slice(s, s + n));
          break;
        }
        case 0x8e: // BINBYTES8
        case 0x96: {
          // BYTEARRAY8 (a bytearray is bytes to us)
          const n = this.u64();
          const s = this.payload(n);
          this.push(b.slice(s, s + n));
          break;
        }
        case 0x55: {
          // SHORT_BINSTRING
          const n = this.u8();
          const s = this.payload(n);
          this.legacyString(s, s + n);
          break;
        }
        case 0x54: {
          // BINSTRING
          const n = this.i32();
          if (n < 0)
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode BINSTRING at offset ${this.opOffset}: negative length`,
            );
          const s = this.payload(n);
          this.legacyString(s, s + n);
          break;
        }
        case 0x53: {
          // STRING (quoted repr text)
          const v = unquotePythonString(this.textLine());
          if (v === undefined)
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode STRING at offset ${this.opOffset}: bad quoted string`,
            );
          this.push(v.every((c) => c < 0x80) ? String.fromCharCode(...v) : v);
          break;
        }
        case 0x94: // MEMOIZE
          this.memoPut(this.sparseMemo.size === 0 ? this.memo.length : this.memoSize());
          break;
        case 0x71: // BINPUT
          this.memoPut(this.u8());
          break;
        case 0x72: // LONG_BINPUT
          this.memoPut(this.u32());
          break;
        case 0x70: // PUT
          this.memoPut(this.textIndex());
          break;
        case 0x68: // BINGET
          this.memoGet(this.u8());
          break;
        case 0x6a: // LONG_BINGET
          this.memoGet(this.u32());
          break;
        case 0x67: // GET
          this.memoGet(this.textIndex());
          break;
        case 0x5d: // EMPTY_LIST
          this.push([]);
          break;
        case 0x7d: // EMPTY_DICT
          this.push({ $type: 'dict', entries: [] } satisfies PickleDict);
          break;
        case 0x29: // EMPTY_TUPLE
          this.push(this.tupleOf([]));
          break;
        case 0x8f: // EMPTY_SET
          this.push({ $type: 'set', frozen: false, items: [] } satisfies PickleSet);
          break;
        case 0x6c: {
          // LIST
          const items = this.popMark();
          this.count(items.length);
          this.push(items);
          break;
        }
        case 0x74: {
          // TUPLE
          const items = this.popMark();
          this.count(items.length);
          this.push(this.tupleOf(items));
          break;
        }
        case 0x64: {
          // DICT
          const flat = this.popMark();
          const d: PickleDict = { $type: 'dict', entries: [] };
          this.setItemsOn(d, flat);
          this.push(d);
          break;
        }
        case 0x91: {
          // FROZENSET
          const items = this.popMark();
          this.count(items.length);
          this.push({ $type: 'set', frozen: true, items } satisfies PickleSet);
          break;
        }
        case 0x85:
        case 0x86:
        case 0x87: {
          // TUPLE1..3
          const n = op - 0x84;
          if (this.stack.length < n) {
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode ${this.opName()} at offset ${this.opOffset} needs ${n} values on the stack`,
            );
          }
          this.count(n);
          this.push(this.tupleOf(this.stack.splice(this.stack.length - n, n)));
          break;
        }
        case 0x61: {
          // APPEND
          const v = this.pop();
          this.appendTo(this.top(), [v]);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = this.popMark();
          this.appendTo(this.top(), items);
          break;
        }
        case 0x73: {
          // SETITEM
          const value = this.pop();
          const key = this.pop();
          this.setItemsOn(this.top(), [key, value]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const flat = this.popMark();
          this.setItemsOn(this.top(), flat);
          break;
        }
        case 0x90: {
          // ADDITEMS
          const items = this.popMark();
          const target = this.top();
          if (!isSet(target) || target.frozen) {
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode ADDITEMS at offset ${this.opOffset} adds to a ${kindOf(target)}, not a set`,
            );
          }
          this.count(items.length);
          for (const v of items) target.items.push(v);
          break;
        }
        // ---- symbolic mode only (CODE_OPCODES guard above) ----
        case 0x63: {
          // GLOBAL: "module\nname\n"
          const module = this.textLine();
          const name = this.textLine();
          this.push({ $type: 'global', module, name } satisfies PickleGlobal);
          break;
        }
        case 0x93: {
          // STACK_GLOBAL: operands may come from the memo (eventlog.md §3.4)
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') {
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode STACK_GLOBAL at offset ${this.opOffset} needs two strings`,
            );
          }
          this.push({ $type: 'global', module, name } satisfies PickleGlobal);
          break;
        }
        case 0x52: // REDUCE: callable(*args) modelled as a record, never called
        case 0x81: {
          // NEWOBJ: cls.__new__(cls, *args) as a record
          const args = this.pop();
          const cls = this.pop();
          this.push(this.objectRecord(cls, args));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          const obj = this.objectRecord(cls, args);
          obj.kwargs = kwargs;
          this.push(obj);
          break;
        }
        case 0x62: {
          // BUILD: store the state on the record; a second BUILD merges dict states
          const state = this.pop();
          const target = this.top();
          if (!isObjectRecord(target)) {
            throw this.fail(
              'BAD_FORMAT',
              `Pickle opcode BUILD at offset ${this.opOffset} applies state to a ${kindOf(target)}, not an object`,
            );
          }
          if (target.state !== undefined && isDict(target.state) && isDict(state)) {
            target.state = { $type: 'dict', entries: [...target.state.entries, ...state.entries] };
          } else {
            target.state = state;
          }
          break;
        }
        default:
          throw this.fail(
            CODE_OPCODES.has(op) ? 'UNSAFE_CONTENT' : 'BAD_FORMAT',
            `Unknown or unsupported pickle opcode ${describeOpcode(op)} at offset ${this.opOffset}`,
          );
      }
    }
  }

  private objectRecord(cls: PickleValue, args: PickleValue): PickleObject {
    if (!isTuple(args)) {
      throw this.fail(
        'BAD_FORMAT',
        `Pickle opcode ${this.opName()} at offset ${this.opOffset} needs an argument tuple, got a ${kindOf(args)}`,
      );
    }
    this.count(1);
    return { $type: 'object', cls, args: args.items };
  }
}

function isDict(v: PickleValue): v is PickleDict {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    v.$type === 'dict'
  );
}
function isTuple(v: PickleValue): v is PickleTuple {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    v.$type === 'tuple'
  );
}
function isSet(v: PickleValue): v is PickleSet {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    v.$type === 'set'
  );
}
function isObjectRecord(v: PickleValue): v is PickleObject {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    v.$type === 'object'
  );
}

/** A short name of a value's kind for error messages. */
function kindOf(v: PickleValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'object') return v.$type;
  return typeof v;
}

/** Python float repr text (`1.5`, `inf`, `nan`, `1e-05`). */
function parseTextFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

/** Bytes of a Python 2 `repr` string literal ('...' or "..."), escapes decoded; undefined if malformed. */
function unquotePythonString(s: string): Uint8Array | undefined {
  const q = s[0];
  if (s.length < 2 || (q !== "'" && q !== '"') || s[s.length - 1] !== q) return undefined;
  const body = s.slice(1, -1);
  const out: number[] = [];
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
    '\\': 92,
    "'": 39,
    '"': 34,
  };
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > 0xff) return undefined;
    if (c !== 92) {
      out.push(c);
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e in simple) out.push(simple[e]!);
    else if (e === 'x' && /^[0-9a-f]{2}$/i.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else if (e === '\n') {
      // line continuation
    } else {
      out.push(92, e.charCodeAt(0) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Python's raw-unicode-escape: latin-1 bytes with \uXXXX and \UXXXXXXXX escapes. */
function rawUnicodeEscape(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 92 && (b[i + 1] === 0x75 || b[i + 1] === 0x55)) {
      const n = b[i + 1] === 0x75 ? 4 : 8;
      const hex = String.fromCharCode(...b.subarray(i + 2, i + 2 + n));
      if (hex.length === n && /^[0-9a-f]+$/i.test(hex)) {
        const cp = parseInt(hex, 16);
        if (cp <= 0x10ffff) {
          out += String.fromCodePoint(cp);
          i += 1 + n;
          continue;
        }
      }
    }
    out += String.fromCharCode(c);
  }
  return out;
}
