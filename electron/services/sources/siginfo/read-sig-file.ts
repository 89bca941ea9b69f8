import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { InspectorError } from '../../../../shared/model/errors';
import type { SigData, SigFile, SigFormat } from '../../../../shared/model/sigdata';
import { throwIfCancelled } from '../../jobs/cancel';
import { decodeLegacySig } from './legacy-sig';
import { computeSigHashes } from './sig-hashes';
import { parseSigFileName } from './sig-file-name';
import { normalizeSigData, type RawSigValue } from './sig-normalize';
import { decompressZstdBounded } from './zstd-frames';

/** Options of {@link readSigFile}. */
export interface ReadSigOptions {
  /** Largest file accepted on disk. Default 64 MiB (real sig files are a few KiB to a few MiB). */
  maxFileBytes?: number;
  /** Largest decoded content (decompressed JSON, or the pickle). Default 64 MiB. */
  maxContentBytes?: number;
  signal?: AbortSignal;
}

const MiB = 1024 * 1024;

/**
 * Reads a sigdata / sigbasedata / sstate siginfo file in either format (detected by magic:
 * zstd = modern JSON, `80 0x` = legacy pickle), normalizes it to SigData and recomputes its
 * basehash and taskhash. Bad input throws an InspectorError with the file and offset.
 */
export async function readSigFile(file: string, opts: ReadSigOptions = {}): Promise<SigFile> {
  const bytes = await readBounded(file, opts.maxFileBytes ?? 64 * MiB);
  throwIfCancelled(opts.signal, 'Reading the sig file');
  const { format, data } = await decodeSigBytes(bytes, file, opts.maxContentBytes ?? 64 * MiB);
  return toSigFile(file, format, data);
}

/** Decodes sig file bytes already in memory (e.g. a member of an archive). */
export async function decodeSigBytes(
  bytes: Uint8Array,
  file: string,
  maxContentBytes = 64 * MiB,
): Promise<{ format: SigFormat; data: SigData }> {
  const format = detectSigFormat(bytes, file);
  if (format === 'legacy-pickle') {
    if (bytes.length > maxContentBytes) {
      throw new InspectorError('TOO_LARGE', `pickle is larger than the limit of ${maxContentBytes} bytes`, {
        file,
      });
    }
    return { format, data: normalizeSigData(decodeLegacySig(bytes, file), file) };
  }
  const json = await decompressZstdBounded(bytes, maxContentBytes, file);
  return { format, data: normalizeSigData(parseJson(json, file), file) };
}

/** Which format the bytes are, by magic number. */
export function detectSigFormat(bytes: Uint8Array, file?: string): SigFormat {
  if (bytes.length < 2)
    throw new InspectorError('TRUNCATED', 'file is too short to be a sig file', { file, offset: 0 });
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x28 && b1 === 0xb5 && b2 === 0x2f && b3 === 0xfd) return 'modern-zstd-json';
  // pzstd output starts with a skippable frame (5X 2A 4D 18).
  if (b0 !== undefined && (b0 & 0xf0) === 0x50 && b1 === 0x2a && b2 === 0x4d && b3 === 0x18)
    return 'modern-zstd-json';
  if (b0 === 0x80 && b1 !== undefined && b1 >= 2 && b1 <= 5) return 'legacy-pickle';
  throw new InspectorError(
    'BAD_FORMAT',
    `not a sig file: starts with ${hexBytes(bytes.subarray(0, 4))}, expected zstd (28 b5 2f fd) or a pickle (80 0x)`,
    { file, offset: 0 },
  );
}

function toSigFile(file: string, format: SigFormat, data: SigData): SigFile {
  const computed = computeSigHashes(data, { hashFilePaths: format === 'modern-zstd-json' });
  const sig: SigFile = {
    path: file,
    format,
    data,
    computedBasehash: computed.basehash,
    basehashMatches: computed.basehash === data.basehash,
  };
  if (computed.taskhash !== undefined) {
    sig.computedTaskhash = computed.taskhash;
    sig.taskhashMatches = computed.taskhash === data.taskhash;
  }
  const name = parseSigFileName(path.basename(file));
  if (name) sig.nameHash = name.hash;
  return sig;
}

/** Stateless between calls (no `stream` option), so one instance serves every file. */
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array, file: string): RawSigValue {
  let text: string;
  try {
    text = UTF8_STRICT.decode(bytes);
  } catch {
    throw new InspectorError('BAD_FORMAT', 'decompressed content is not UTF-8 text', { file });
  }
  try {
    return JSON.parse(text) as RawSigValue;
  } catch (err) {
    // V8 names the character position, except at the end of the input.
    const m = /position (\d+)/.exec((err as Error).message);
    const at = m ? m[1] : /end of JSON/i.test((err as Error).message) ? String(text.length) : undefined;
    throw new InspectorError(
      'BAD_FORMAT',
      `decompressed content is not valid JSON: ${(err as Error).message}`,
      { file, entry: at !== undefined ? `JSON offset ${at}` : 'JSON' },
      { cause: err },
    );
  }
}

/**
 * Files up to this size are read with synchronous calls: a sig file is a few KiB, and five
 * thread-pool round trips (open, stat, read, read, close) cost far more than the reads
 * (bench/sig-read.bench.ts). Bigger files take the asynchronous path.
 */
const SYNC_READ_MAX_BYTES = 1024 * 1024;

async function readBounded(file: string, maxBytes: number): Promise<Uint8Array> {
  const small = readSmallSync(file, Math.min(maxBytes, SYNC_READ_MAX_BYTES));
  return small ?? readBoundedAsync(file, maxBytes);
}

/** The whole file when it is a regular file of at most `maxBytes`; null when it is larger. */
function readSmallSync(file: string, maxBytes: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw fsError(err, file);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new InspectorError('NOT_A_FILE', 'expected a sig file, got a directory or device', { file });
    if (st.size > maxBytes) return null;
    // One byte more than the size: a file growing under us is seen and sent the bounded way.
    const buf = Buffer.allocUnsafe(st.size + 1);
    let len = 0;
    for (;;) {
      const n = readSync(fd, buf, len, buf.length - len, len);
      if (n === 0) break;
      len += n;
      if (len === buf.length) return null;
    }
    return buf.subarray(0, len);
  } catch (err) {
    if (err instanceof InspectorError) throw err;
    throw fsError(err, file);
  } finally {
    closeSync(fd);
  }
}

async function readBoundedAsync(file: string, maxBytes: number): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw fsError(err, file);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new InspectorError('NOT_A_FILE', 'expected a sig file, got a directory or device', { file });
    if (st.size > maxBytes) {
      throw new InspectorError(
        'TOO_LARGE',
        `file is ${st.size} bytes, larger than the limit of ${maxBytes}`,
        { file },
      );
    }
    // Read at most maxBytes + 1 so a file growing under us is still bounded.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let len = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
      if (bytesRead === 0) break;
      len += bytesRead;
      if (len === buf.length) break;
    }
    if (len > maxBytes)
      throw new InspectorError('TOO_LARGE', `file is larger than the limit of ${maxBytes}`, { file });
    return buf.subarray(0, len);
  } catch (err) {
    if (err instanceof InspectorError) throw err;
    throw fsError(err, file);
  } finally {
    await fh.close();
  }
}

function fsError(err: unknown, file: string): InspectorError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InspectorError('NOT_FOUND', 'sig file does not exist', { file });
  if (code === 'EACCES' || code === 'EPERM')
    return new InspectorError('PERMISSION_DENIED', 'cannot read the sig file', { file });
  if (code === 'EISDIR')
    return new InspectorError('NOT_A_FILE', 'expected a sig file, got a directory', { file });
  return new InspectorError(
    'INTERNAL',
    `reading failed: ${(err as Error).message}`,
    { file },
    { cause: err },
  );
}

function hexBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
