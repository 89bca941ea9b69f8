import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { InspectorError } from '../../../shared/model/errors';
import { LineQueue, type LineChannel } from './line-queue';

/**
 * Longest unix socket path we pass to connect(): sockaddr_un.sun_path is 108 bytes on Linux and
 * 104 on macOS, including the terminating NUL.
 */
export const MAX_UNIX_PATH_BYTES = 103;

/** How a socket channel is opened. */
export interface SocketTarget {
  /** TCP host and port, or a unix socket path. */
  host?: string;
  port?: number;
  path?: string;
  /** The address as the user wrote it, for messages. */
  text: string;
}

/** Bounds and timeouts of a socket channel. */
export interface SocketChannelOptions {
  connectTimeoutMs: number;
  /** A received line longer than this fails the channel with TOO_LARGE (BitBake's limit is 64 KiB). */
  maxLineBytes: number;
}

/**
 * A LineChannel over a TCP or unix stream socket: lines end in `\n`, decoded as strict UTF-8.
 * Unix socket paths too long for the OS are reached through a short symlink to their directory
 * in os.tmpdir() (the Python client chdir()s instead, which a Node process must not do).
 */
export class SocketChannel implements LineChannel {
  readonly chunked = true;
  private readonly queue: LineQueue;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private isClosed = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly target: SocketTarget,
    private readonly opts: SocketChannelOptions,
  ) {
    this.queue = new LineQueue(() => target.text);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onClosed());
    socket.on('close', () => this.onClosed());
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.queue.fail(
        new InspectorError('CONNECTION', `Connection to ${target.text} failed: ${err.code ?? err.message}`, {
          entry: target.text,
        }),
      );
    });
  }

  /** Connects and resolves once the socket is open. */
  static open(target: SocketTarget, opts: SocketChannelOptions): Promise<SocketChannel> {
    let cleanup: (() => void) | undefined;
    let connectPath = target.path;
    if (target.path !== undefined && Buffer.byteLength(target.path) > MAX_UNIX_PATH_BYTES) {
      const short = shortSocketPath(target.path);
      connectPath = short.path;
      cleanup = short.cleanup;
    }
    return new Promise<SocketChannel>((resolve, reject) => {
      const socket =
        connectPath !== undefined
          ? net.connect({ path: connectPath })
          : net.connect({ host: target.host, port: target.port ?? 0 });
      const timer = setTimeout(() => {
        socket.destroy();
        fail(
          new InspectorError(
            'TIMEOUT',
            `Connecting to ${target.text} took more than ${opts.connectTimeoutMs} ms`,
          ),
        );
      }, opts.connectTimeoutMs);
      const fail = (err: InspectorError): void => {
        clearTimeout(timer);
        cleanup?.();
        reject(err);
      };
      socket.once('error', (err: NodeJS.ErrnoException) => {
        fail(
          new InspectorError('CONNECTION', `Cannot connect to ${target.text}: ${err.code ?? err.message}`, {
            entry: target.text,
          }),
        );
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        // The symlink is only needed to resolve the path at connect time.
        cleanup?.();
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        if (target.path === undefined) socket.setKeepAlive(true, 30_000);
        resolve(new SocketChannel(socket, target, opts));
      });
    });
  }

  get closed(): boolean {
    return this.isClosed || this.queue.failed;
  }

  send(lines: readonly string[]): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    const data = lines.length === 1 ? lines[0] + '\n' : lines.join('\n') + '\n';
    if (this.socket.write(data)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(this.closedError());
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  next(timeoutMs: number): Promise<string> {
    return this.queue.next(timeoutMs);
  }

  close(): void {
    this.isClosed = true;
    this.socket.destroy();
    this.queue.fail(new InspectorError('CONNECTION', `Connection to ${this.target.text} was closed`));
  }

  private closedError(): InspectorError {
    return new InspectorError('CONNECTION', `The connection to ${this.target.text} is closed`, {
      entry: this.target.text,
    });
  }

  private onClosed(): void {
    this.isClosed = true;
    const partial = this.pendingBytes > 0 ? ` in the middle of a line (${this.pendingBytes} bytes)` : '';
    this.queue.fail(
      new InspectorError('CONNECTION', `The server ${this.target.text} closed the connection${partial}`, {
        entry: this.target.text,
      }),
    );
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      let bytes: Buffer = chunk.subarray(start, nl);
      if (this.pendingBytes > 0) {
        this.pending.push(bytes);
        bytes = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
      }
      if (bytes.length > this.opts.maxLineBytes) return this.tooLarge(bytes.length);
      let line: string;
      try {
        line = this.decoder.decode(bytes);
      } catch {
        this.queue.fail(
          new InspectorError('PROTOCOL', `The server ${this.target.text} sent a line that is not UTF-8`, {
            entry: this.target.text,
          }),
        );
        this.socket.destroy();
        return;
      }
      this.queue.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.opts.maxLineBytes) this.tooLarge(this.pendingBytes);
    }
  }

  private tooLarge(bytes: number): void {
    this.queue.fail(
      new InspectorError(
        'TOO_LARGE',
        `The server ${this.target.text} sent a line of more than ${this.opts.maxLineBytes} bytes (${bytes} so far)`,
        { entry: this.target.text },
      ),
    );
    this.pending = [];
    this.pendingBytes = 0;
    this.socket.destroy();
  }
}

/** A short path to the same socket: a symlink to its directory in os.tmpdir(). */
function shortSocketPath(socketPath: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-'));
  const link = path.join(dir, 'd');
  symlinkSync(path.dirname(path.resolve(socketPath)), link);
  const short = path.join(link, path.basename(socketPath));
  if (Buffer.byteLength(short) > MAX_UNIX_PATH_BYTES) {
    rmSync(dir, { recursive: true, force: true });
    throw new InspectorError(
      'INVALID_INPUT',
      `Unix socket name '${path.basename(socketPath)}' is too long even through a symlink`,
      { file: socketPath },
    );
  }
  return { path: short, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
