import { InspectorError } from '../../../shared/model/errors';

/**
 * A transport that carries the protocol's lines (spec §2 and §3): on TCP/unix sockets lines end
 * in `\n`; on WebSocket each line is one text message. The connection code is the same for both.
 */
export interface LineChannel {
  /** True on stream transports, where big messages use `chunk-stream` framing (spec §2.3). */
  readonly chunked: boolean;
  /** Sends lines in order (without their `\n`); resolves once the transport took them. */
  send(lines: readonly string[]): Promise<void>;
  /** The next received line; rejects with TIMEOUT when none arrives within `timeoutMs`. */
  next(timeoutMs: number): Promise<string>;
  /** True once the peer closed, a fault occurred, or `close()` was called. */
  readonly closed: boolean;
  close(): void;
}

interface Waiter {
  resolve(line: string): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The receiving half shared by the transports: received lines queue up until `next()` takes them,
 * and a failure (close, oversized line, bad UTF-8) is delivered to the reader after the lines
 * that arrived before it, so an answer that came just before a close is not lost.
 */
export class LineQueue {
  private lines: string[] = [];
  private head = 0;
  private waiter: Waiter | undefined;
  private failure: InspectorError | undefined;

  constructor(private readonly describe: () => string) {}

  /** Whether a failure was recorded. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  push(line: string): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve(line);
      return;
    }
    this.lines.push(line);
  }

  /** Records the first failure; later ones are ignored (the first says what went wrong). */
  fail(err: InspectorError): void {
    if (this.failure) return;
    this.failure = err;
    const w = this.waiter;
    if (w && this.head >= this.lines.length) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  next(timeoutMs: number): Promise<string> {
    if (this.head < this.lines.length) {
      const line = this.lines[this.head++] as string;
      if (this.head > 4096 && this.head * 2 > this.lines.length) {
        // Compact now and then so a 100k-line stream does not keep every answer alive.
        this.lines = this.lines.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve(line);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) {
      return Promise.reject(
        new InspectorError('INTERNAL', 'Two concurrent readers on one hashserv connection'),
      );
    }
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(
          new InspectorError('TIMEOUT', `No answer from ${this.describe()} within ${timeoutMs} ms`, {
            entry: this.describe(),
          }),
        );
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }
}
