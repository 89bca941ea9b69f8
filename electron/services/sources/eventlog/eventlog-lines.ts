import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InspectorError } from '../../../../shared/model/errors';
import type { ErrorInfo } from '../../../../shared/model/errors';
import { throwIfCancelled } from '../../jobs/cancel';

/** One line of a text file, or why it could not be read (too long). */
export type TextLine =
  { line: number; offset: number; text: string } | { line: number; offset: number; error: ErrorInfo };

/** Options of {@link readTextLines}. */
export interface ReadLinesOptions {
  /** Longest line accepted, in bytes; longer lines are skipped with a TOO_LARGE error. */
  maxLineBytes?: number;
  /** Read size. */
  chunkBytes?: number;
  signal?: AbortSignal;
}

/**
 * Default line bound: the variable dump line of a real OE configuration is several MB;
 * 256 MiB is far beyond any genuine line and still safe to hold in memory.
 */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

/**
 * Streams the `\n`-separated lines of a file (UTF-8) with a bound on each line's length. A line
 * over the bound is not held in memory: it is skipped up to its newline and yielded as an error,
 * and reading continues. A missing final newline still yields the last line (a killed writer
 * leaves one partial line; the caller decides what it means). 1-based line numbers.
 */
export async function* readTextLines(file: string, opts: ReadLinesOptions = {}): AsyncGenerator<TextLine> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const chunkSize = opts.chunkBytes ?? 1024 * 1024;
  const fh = await openForReading(file);
  try {
    const buf = Buffer.alloc(chunkSize);
    let parts: Buffer[] = [];
    let partBytes = 0;
    let skipping = false; // inside an over-long line
    let lineNo = 1;
    let lineStart = 0; // file offset of the current line
    let fileOffset = 0;
    const decoder = new TextDecoder('utf-8');
    const flush = (): TextLine => {
      const text = decoder.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts, partBytes));
      parts = [];
      partBytes = 0;
      return { line: lineNo, offset: lineStart, text };
    };
    const tooLong = (): TextLine => ({
      line: lineNo,
      offset: lineStart,
      error: new InspectorError('TOO_LARGE', `Line ${lineNo} is longer than ${maxLine} bytes; skipped`, {
        file,
        line: lineNo,
        offset: lineStart,
      }).toInfo(),
    });
    for (;;) {
      throwIfCancelled(opts.signal);
      const { bytesRead } = await fh.read(buf, 0, chunkSize, null);
      if (bytesRead === 0) break;
      let pos = 0;
      while (pos < bytesRead) {
        const nl = buf.indexOf(0x0a, pos);
        const end = nl < 0 || nl >= bytesRead ? bytesRead : nl;
        if (!skipping) {
          if (partBytes + (end - pos) > maxLine) {
            skipping = true;
            parts = [];
            partBytes = 0;
          } else if (end > pos) {
            // Copy: the read buffer is reused for the next chunk.
            parts.push(Buffer.from(buf.subarray(pos, end)));
            partBytes += end - pos;
          }
        }
        if (end === bytesRead) {
          pos = bytesRead;
          break;
        }
        // A newline ends the line.
        yield skipping ? tooLong() : flush();
        skipping = false;
        lineNo++;
        lineStart = fileOffset + end + 1;
        pos = end + 1;
      }
      fileOffset += bytesRead;
    }
    if (skipping) yield tooLong();
    else if (partBytes > 0) yield flush();
  } finally {
    await fh.close();
  }
}

async function openForReading(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InspectorError('NOT_FOUND', `No such file: ${file}`, { file });
    if (code === 'EACCES' || code === 'EPERM')
      throw new InspectorError('PERMISSION_DENIED', `Cannot read ${file}`, { file });
    if (code === 'EISDIR')
      throw new InspectorError('NOT_A_FILE', `${file} is a directory, expected an event log file`, { file });
    throw new InspectorError('INTERNAL', `Cannot open ${file}: ${(e as Error).message}`, { file });
  }
}
