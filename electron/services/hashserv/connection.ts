import { InspectorError } from '../../../shared/model/errors';
import type { ServerAddress } from './address';
import type { LineChannel } from './line-queue';
import { SocketChannel } from './socket-channel';
import { WsChannel } from './ws-channel';
import { encodeMessage, isFalsy, isObject } from './wire-json';

/** Protocol name and version this client speaks (spec §2.1). */
export const PROTOCOL_LINE = 'OEHASHEQUIV 1.1';

/** Timeouts and size bounds of one connection. */
export interface ConnectionOptions {
  connectTimeoutMs: number;
  /** Longest wait for any single answer line (BitBake waits 30 s). */
  replyTimeoutMs: number;
  /** Longest received line on stream transports. */
  maxLineBytes: number;
  /** Largest received message: a whole chunked message, or one WebSocket message. */
  maxMessageBytes: number;
  /** Extra CA for wss://. */
  caFile?: string;
}

/** Largest WebSocket message the Python server accepts (websockets' default max_size, spec §3). */
export const WS_MAX_MESSAGE = 1024 * 1024;

/** Stream modes (spec §2.4). */
export type StreamMode = 'get-stream' | 'exists-stream' | 'gc-mark-stream';

/** Matches the server's permission refusal (spec §4, sic "permissions(s)"). */
const PERMISSION_RE = /is not allowed to access permissions?\(s\)/;

/**
 * One open connection to a hashserv server after the handshake: sequential JSON requests in
 * normal mode, and pipelined stream modes. It never retries: HashservClient does.
 */
export class HashservConnection {
  /** Replies received on this connection: an EOF before the first one hints at a version mismatch. */
  private replies = 0;
  private dead = false;

  private constructor(
    private readonly channel: LineChannel,
    private readonly address: ServerAddress,
    private readonly opts: ConnectionOptions,
  ) {}

  /** Connects and sends the handshake (`OEHASHEQUIV 1.1`, `needs-headers: false`, empty line). */
  static async open(address: ServerAddress, opts: ConnectionOptions): Promise<HashservConnection> {
    let channel: LineChannel;
    switch (address.kind) {
      case 'tcp':
        channel = await SocketChannel.open(
          { host: address.host, port: address.port, text: address.text },
          { connectTimeoutMs: opts.connectTimeoutMs, maxLineBytes: opts.maxLineBytes },
        );
        break;
      case 'unix':
        channel = await SocketChannel.open(
          { path: address.path, text: address.text },
          { connectTimeoutMs: opts.connectTimeoutMs, maxLineBytes: opts.maxLineBytes },
        );
        break;
      case 'ws':
        channel = await WsChannel.open(address.url, {
          connectTimeoutMs: opts.connectTimeoutMs,
          maxMessageBytes: opts.maxMessageBytes,
          ...(opts.caFile !== undefined ? { caFile: opts.caFile } : {}),
        });
        break;
      case 'http':
        throw new InspectorError('INTERNAL', 'The legacy HTTP API has no stream connection');
    }
    const conn = new HashservConnection(channel, address, opts);
    await channel.send([PROTOCOL_LINE, 'needs-headers: false', '']);
    return conn;
  }

  /** False once the server closed or a fault made the connection unusable. */
  get usable(): boolean {
    return !this.dead && !this.channel.closed;
  }

  close(): void {
    this.dead = true;
    this.channel.close();
  }

  /** Sends `{command: arg}` and returns the reply (after undoing chunking and checking invoke-error). */
  async request(command: string, arg: unknown): Promise<unknown> {
    const lines = encodeMessage({ [command]: arg }, this.channel.chunked);
    if (!this.channel.chunked && (lines[0]?.length ?? 0) > WS_MAX_MESSAGE) {
      throw new InspectorError(
        'TOO_LARGE',
        `'${command}' is ${lines[0]?.length} bytes: more than the 1 MiB a WebSocket server accepts per message`,
        this.where(command),
      );
    }
    await this.guard(command, () => this.channel.send(lines));
    return this.readMessage(command);
  }

  /**
   * Runs a stream mode: enters it, writes `queries` (pipelined: writing does not wait for
   * answers), hands each answer line to `onAnswer` in order, then leaves with `END`. `start`
   * skips queries already answered (used when resuming after a reconnect).
   */
  async stream(
    mode: StreamMode,
    queries: readonly string[],
    start: number,
    onAnswer: (index: number, answer: string) => void,
    isCancelled: () => boolean,
  ): Promise<void> {
    const entered = await this.request(mode, null);
    if (entered !== 'ok') {
      this.close();
      throw this.protocolError(mode, `expected "ok" on entering the stream, got ${preview(entered)}`);
    }
    let writeError: unknown;
    const writer = this.writeQueries(queries, start, isCancelled).catch((err: unknown) => {
      writeError = err;
    });
    for (let i = start; i < queries.length; i++) {
      if (isCancelled()) {
        this.close();
        break;
      }
      let answer: string;
      try {
        answer = await this.channel.next(this.opts.replyTimeoutMs);
      } catch (err) {
        this.close(); // out of step with the server now: never reuse it
        throw this.explain(err, mode, ` after ${i} of ${queries.length} stream answers`);
      }
      this.replies++;
      onAnswer(i, answer);
    }
    await writer;
    if (writeError !== undefined && !isCancelled()) throw this.explain(writeError, mode, '');
    if (isCancelled()) return;
    await this.guard(mode, () => this.channel.send(['END']));
    const end = await this.guard(mode, () => this.channel.next(this.opts.replyTimeoutMs));
    if (end !== 'ok') {
      this.close();
      throw this.protocolError(mode, `expected "ok" after END, got ${preview(end)}`);
    }
  }

  private async writeQueries(
    queries: readonly string[],
    start: number,
    isCancelled: () => boolean,
  ): Promise<void> {
    // Batches keep the number of write calls low without building one giant string.
    const batch = 2048;
    for (let i = start; i < queries.length && !isCancelled(); i += batch) {
      await this.channel.send(queries.slice(i, Math.min(queries.length, i + batch)));
    }
  }

  private async readMessage(command: string): Promise<unknown> {
    const first = await this.guard(command, () => this.channel.next(this.opts.replyTimeoutMs));
    let value = this.parse(first, command);
    if (!isFalsy(value) && isObject(value) && 'chunk-stream' in value) {
      const parts: string[] = [];
      let size = 0;
      for (;;) {
        const line = await this.guard(command, () => this.channel.next(this.opts.replyTimeoutMs));
        if (line === '') break;
        size += line.length;
        if (size > this.opts.maxMessageBytes) {
          this.close();
          throw new InspectorError(
            'TOO_LARGE',
            `The reply to '${command}' is larger than ${this.opts.maxMessageBytes} bytes`,
            this.where(command),
          );
        }
        parts.push(line);
      }
      value = this.parse(parts.join(''), command);
    }
    this.replies++;
    if (isObject(value) && 'invoke-error' in value) {
      // The server closes the connection after an invoke-error (spec §2.5).
      this.close();
      const inner = value['invoke-error'];
      const message =
        isObject(inner) && typeof inner.message === 'string' ? inner.message : JSON.stringify(inner);
      const code = PERMISSION_RE.test(message) ? 'PERMISSION_DENIED' : 'SERVER_ERROR';
      throw new InspectorError(code, `The server refused '${command}': ${message}`, this.where(command));
    }
    return value;
  }

  private parse(text: string, command: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      this.close();
      throw this.protocolError(command, `the reply is not JSON: ${preview(text)}`);
    }
  }

  /** Runs one I/O step and turns a failure into an error that says which command it hit. */
  private async guard<T>(command: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      this.close(); // out of step with the server now: never reuse it
      throw this.explain(err, command, '');
    }
  }

  private explain(err: unknown, command: string, progress: string): InspectorError {
    if (!(err instanceof InspectorError)) {
      return new InspectorError('CONNECTION', `'${command}' failed: ${String(err)}`, this.where(command));
    }
    if (err.code === 'CONNECTION' && this.replies === 0) {
      // A server that refuses the handshake closes without a word (spec §2.1).
      return new InspectorError(
        'PROTOCOL',
        `The server ${this.address.text} closed the connection before any reply: it does not accept ` +
          `${PROTOCOL_LINE} (an older or different server?) or rejected '${command}'`,
        this.where(command),
      );
    }
    if (err.code === 'CONNECTION' || err.code === 'TIMEOUT' || err.code === 'TOO_LARGE') {
      return new InspectorError(
        err.code,
        `${err.message} (during '${command}'${progress})`,
        this.where(command),
      );
    }
    return err;
  }

  private protocolError(command: string, what: string): InspectorError {
    return new InspectorError(
      'PROTOCOL',
      `Unexpected answer from ${this.address.text} to '${command}': ${what}`,
      this.where(command),
    );
  }

  private where(command: string): { entry: string } {
    return { entry: `${this.address.text} ${command}` };
  }
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);
}
