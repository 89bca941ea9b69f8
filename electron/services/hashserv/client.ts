import { InspectorError } from '../../../shared/model/errors';
import type {
  AuthResult,
  DbUsage,
  GcStatus,
  OuthashRecord,
  ReportTaskData,
  ServerStats,
  ServerUser,
  UnihashMapping,
} from '../../../shared/model/server-rows';
import { throwIfCancelled } from '../jobs/cancel';
import { parseAddress, type ServerAddress } from './address';
import { HashservConnection, type ConnectionOptions, type StreamMode } from './connection';
import type { HashEquivClient } from './hash-equiv-client';
import { asciiOnly, isObject } from './wire-json';

/** Login data; replayed after every reconnect. */
export interface Credentials {
  username: string;
  token: string;
}

/** Options of a HashservClient. Every bound has a default that matches BitBake's client. */
export interface HashservClientOptions {
  connectTimeoutMs?: number;
  /** Longest wait for one reply line (default 30 s, like BitBake). */
  replyTimeoutMs?: number;
  maxLineBytes?: number;
  maxMessageBytes?: number;
  /** Reconnect-and-retry attempts after a connection failure or timeout (default 3, like BitBake). */
  retries?: number;
  /** First backoff delay; doubles per attempt up to 5 s (default 200 ms). */
  backoffMs?: number;
  /** Extra CA (PEM file) to trust for wss://. */
  caFile?: string;
  /** Log in with these right after every handshake. */
  credentials?: Credentials;
  /** The admin switch: without it admin commands are refused locally, never sent. */
  admin?: boolean;
  /** Cancels whatever the client is doing; the connection is dropped. */
  signal?: AbortSignal;
}

/** One `(method, taskhash)` look-up. */
export interface TaskhashQuery {
  method: string;
  taskhash: string;
}

/** Per-call options of bulk operations. */
export interface BulkOptions {
  signal?: AbortSignal;
  /** Called with the number of answers received so far. */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  replyTimeoutMs: 30_000,
  maxLineBytes: 64 * 1024,
  maxMessageBytes: 64 * 1024 * 1024,
  retries: 3,
  backoffMs: 200,
};

/** Error codes after which a reconnect may help (anything else is the server's final word). */
const RETRYABLE = new Set(['CONNECTION', 'TIMEOUT']);

/**
 * Client for bitbake-hashserv over TCP, unix sockets, ws:// and wss:// (spec §1–§5). One
 * persistent connection; requests are serialized; connection failures reconnect with
 * exponential backoff and replay the login; streams are pipelined and resume where they broke.
 */
export class HashservClient implements HashEquivClient {
  readonly address: ServerAddress;
  private readonly opts: Required<Omit<HashservClientOptions, 'caFile' | 'credentials' | 'signal'>> &
    Pick<HashservClientOptions, 'caFile' | 'signal'>;
  private credentials: Credentials | undefined;
  private conn: HashservConnection | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(address: string | ServerAddress, options: HashservClientOptions = {}) {
    this.address = typeof address === 'string' ? parseAddress(address) : address;
    if (this.address.kind === 'http') {
      throw new InspectorError(
        'INVALID_INPUT',
        `${this.address.text} is a legacy HTTP server: use LegacyHttpClient (openHashEquivClient picks it)`,
      );
    }
    this.opts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      replyTimeoutMs: options.replyTimeoutMs ?? DEFAULTS.replyTimeoutMs,
      maxLineBytes: options.maxLineBytes ?? DEFAULTS.maxLineBytes,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULTS.maxMessageBytes,
      retries: options.retries ?? DEFAULTS.retries,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      admin: options.admin ?? false,
      caFile: options.caFile,
      signal: options.signal,
    };
    this.credentials = options.credentials;
  }

  /** Drops the connection. The client may be used again (it reconnects). */
  close(): void {
    this.conn?.close();
    this.conn = undefined;
  }

  // ---- read commands ----------------------------------------------------------------------

  /** `ping`: `{alive: true}` from servers >= BitBake 1.52. */
  async ping(): Promise<{ alive: boolean }> {
    return expectObject(await this.call('ping', {}), 'ping') as { alive: boolean };
  }

  /** `get`: the unihash mapping of (method, taskhash), or null when the server does not know it. */
  async get(method: string, taskhash: string): Promise<UnihashMapping | null> {
    const r = await this.call('get', { taskhash, method, all: false });
    return r === null ? null : (expectMapping(r, 'get') as UnihashMapping);
  }

  /** `get` with `all: true`: the merged outhash + unihash row, or null without an outhash row. */
  async getAll(method: string, taskhash: string): Promise<OuthashRecord | null> {
    const r = await this.call('get', { taskhash, method, all: true });
    return r === null ? null : (expectObject(r, 'get') as unknown as OuthashRecord);
  }

  /** `get-outhash`: the oldest row with this outhash (taskhash only matters to an upstream). */
  async getOuthash(
    method: string,
    outhash: string,
    taskhash: string,
    withUnihash = true,
  ): Promise<OuthashRecord | null> {
    const r = await this.call('get-outhash', { method, outhash, taskhash, with_unihash: withUnihash });
    return r === null ? null : (expectObject(r, 'get-outhash') as unknown as OuthashRecord);
  }

  /** `get-stats`. */
  async getStats(): Promise<ServerStats> {
    return expectObject(await this.call('get-stats', null), 'get-stats') as unknown as ServerStats;
  }

  /** `backfill-wait`: waits until the server's upstream backfill queue drained. */
  async backfillWait(): Promise<{ tasks: number }> {
    return expectObject(await this.call('backfill-wait', null), 'backfill-wait') as { tasks: number };
  }

  /** `get-user`: a user (self when `username` is omitted), or null. */
  async getUser(username?: string): Promise<ServerUser | null> {
    const r = await this.call('get-user', username === undefined ? {} : { username });
    return r === null ? null : (expectObject(r, 'get-user') as unknown as ServerUser);
  }

  /**
   * `get-stream`, pipelined: the unihash for every query (null where unknown), in input order.
   * 100,000 look-ups take one round trip's latency plus transfer time.
   */
  async lookupTaskhashes(
    queries: readonly TaskhashQuery[],
    opts: BulkOptions = {},
  ): Promise<Array<string | null>> {
    const lines = queries.map((q, i) => {
      checkToken(q.method, 'method', i);
      checkToken(q.taskhash, 'taskhash', i);
      return `${q.method} ${q.taskhash}`;
    });
    const out = new Array<string | null>(lines.length).fill(null);
    await this.runStream('get-stream', lines, opts, (i, a) => {
      out[i] = a === '' ? null : a;
    });
    return out;
  }

  /** `exists-stream`, pipelined: whether the server knows each unihash, in input order. */
  async unihashesExist(unihashes: readonly string[], opts: BulkOptions = {}): Promise<boolean[]> {
    unihashes.forEach((u, i) => checkToken(u, 'unihash', i));
    const out = new Array<boolean>(unihashes.length).fill(false);
    await this.runStream('exists-stream', unihashes, opts, (i, a) => {
      if (a !== 'true' && a !== 'false') {
        throw new InspectorError(
          'PROTOCOL',
          `exists-stream answered ${JSON.stringify(a.slice(0, 80))} (expected true or false)`,
          {
            entry: `${this.address.text} exists-stream`,
            line: i + 1,
          },
        );
      }
      out[i] = a === 'true';
    });
    return out;
  }

  // ---- writes (only on explicit request) --------------------------------------------------

  /** `report`: tells the server a task's outhash; returns the unihash the builder must use. */
  async report(
    r: { method: string; taskhash: string; outhash: string; unihash: string } & ReportTaskData,
  ): Promise<UnihashMapping> {
    return expectMapping(await this.call('report', { ...r }), 'report');
  }

  /** `report-equiv`: declares taskhash equivalent to unihash (an existing mapping wins). */
  async reportEquiv(method: string, taskhash: string, unihash: string): Promise<UnihashMapping> {
    return expectMapping(await this.call('report-equiv', { taskhash, method, unihash }), 'report-equiv');
  }

  // ---- authentication ---------------------------------------------------------------------

  /** Logs in (and stays logged in across reconnects). */
  async login(username: string, token: string): Promise<AuthResult> {
    this.credentials = { username, token };
    this.lastAuth = undefined;
    this.close();
    // A new connection logs in right after the handshake (connection() sends `auth`).
    return this.serialize(() =>
      this.withRetry('auth', undefined, async () => {
        if (!this.lastAuth) throw new InspectorError('INTERNAL', 'auth was not sent');
        return this.lastAuth;
      }),
    );
  }

  /** `refresh-token`: a new token for self (or `username` with @user-admin). The old one stops working. */
  async refreshToken(username?: string): Promise<{ username: string; token: string }> {
    const r = expectObject(
      await this.call('refresh-token', username === undefined ? {} : { username }),
      'refresh-token',
    );
    if (this.credentials && r.username === this.credentials.username && typeof r.token === 'string') {
      this.credentials = { username: this.credentials.username, token: r.token };
    }
    return r as { username: string; token: string };
  }

  // ---- admin (behind the admin switch) ----------------------------------------------------

  /** `reset-stats`: returns the stats before the reset. */
  resetStats(): Promise<ServerStats> {
    return this.admin<ServerStats>('reset-stats', null);
  }
  /** `remove`: deletes rows whose columns equal `where` (AND). */
  remove(where: Record<string, string>): Promise<{ count: number }> {
    return this.admin<{ count: number }>('remove', { where });
  }
  /** `clean-unused`: drops outhash rows without a unihash row. */
  cleanUnused(maxAgeSeconds: number): Promise<{ count: number }> {
    return this.admin<{ count: number }>('clean-unused', { max_age_seconds: maxAgeSeconds });
  }
  /** `gc-mark`: marks unihash rows matching `where` to keep. */
  gcMark(mark: string, where: Record<string, string>): Promise<{ count: number }> {
    return this.admin<{ count: number }>('gc-mark', { mark, where });
  }
  /** `gc-mark-stream`, pipelined: one `gc-mark` per `where`; returns the count per line. */
  async gcMarkStream(
    mark: string,
    wheres: ReadonlyArray<Record<string, string>>,
    opts: BulkOptions = {},
  ): Promise<number[]> {
    this.requireAdmin('gc-mark-stream');
    const lines = wheres.map((where) => asciiOnly(JSON.stringify({ mark, where })));
    const counts = new Array<number>(lines.length).fill(0);
    await this.runStream('gc-mark-stream', lines, opts, (i, a) => {
      let v: unknown;
      try {
        v = JSON.parse(a);
      } catch {
        v = undefined;
      }
      if (!isObject(v) || typeof v.count !== 'number') {
        throw new InspectorError('PROTOCOL', `gc-mark-stream answered ${JSON.stringify(a.slice(0, 80))}`, {
          line: i + 1,
        });
      }
      counts[i] = v.count;
    });
    return counts;
  }
  /** `gc-sweep`: deletes rows not carrying the current mark. */
  gcSweep(mark: string): Promise<{ count: number }> {
    return this.admin<{ count: number }>('gc-sweep', { mark });
  }
  /** `gc-status`. */
  gcStatus(): Promise<GcStatus> {
    return this.admin<GcStatus>('gc-status', {});
  }
  /** `get-all-users`. */
  async getAllUsers(): Promise<ServerUser[]> {
    const r = await this.admin<{ users?: ServerUser[] }>('get-all-users', {});
    return r.users ?? [];
  }
  /** `new-user`: returns the new user's token. */
  newUser(username: string, permissions: string[]): Promise<ServerUser & { token: string }> {
    return this.admin<ServerUser & { token: string }>('new-user', { username, permissions });
  }
  /** `set-user-perms`. */
  setUserPerms(username: string, permissions: string[]): Promise<ServerUser> {
    return this.admin<ServerUser>('set-user-perms', { username, permissions });
  }
  /** `delete-user`. */
  deleteUser(username: string): Promise<{ username: string }> {
    return this.admin<{ username: string }>('delete-user', { username });
  }
  /** `become-user`: acts as another user on this connection (replayed after reconnects). */
  async becomeUser(username: string): Promise<ServerUser> {
    const r = await this.admin<ServerUser>('become-user', { username });
    this.becameUser = username;
    return r;
  }
  /** `get-db-usage`. */
  getDbUsage(): Promise<DbUsage> {
    return this.admin<DbUsage>('get-db-usage', {});
  }
  /** `get-db-query-columns`. */
  async getDbQueryColumns(): Promise<string[]> {
    const r = await this.admin<{ columns?: string[] }>('get-db-query-columns', {});
    return r.columns ?? [];
  }

  // ---- machinery --------------------------------------------------------------------------

  private lastAuth: AuthResult | undefined;
  private becameUser: string | undefined;

  private requireAdmin(command: string): void {
    if (!this.opts.admin) {
      throw new InspectorError(
        'INVALID_INPUT',
        `'${command}' is an admin command: enable the admin switch (admin: true / --admin) to send it`,
        { entry: `${this.address.text} ${command}` },
      );
    }
  }

  private async admin<T = Record<string, unknown>>(command: string, arg: unknown): Promise<T> {
    this.requireAdmin(command);
    return expectObject(await this.call(command, arg), command) as unknown as T;
  }

  /** One request in normal mode, retried on a new connection after connection failures. */
  private call(command: string, arg: unknown): Promise<unknown> {
    return this.serialize(() => this.withRetry(command, undefined, (conn) => conn.request(command, arg)));
  }

  private runStream(
    mode: StreamMode,
    lines: readonly string[],
    opts: BulkOptions,
    onAnswer: (index: number, answer: string) => void,
  ): Promise<void> {
    let done = 0;
    const total = lines.length;
    const step = Math.max(1, Math.floor(total / 100));
    return this.serialize(() =>
      this.withRetry(mode, opts.signal, async (conn) => {
        if (done >= total) return;
        // Resume after a reconnect: already answered queries are not sent again.
        await conn.stream(
          mode,
          lines,
          done,
          (i, a) => {
            onAnswer(i, a);
            done = i + 1;
            if (opts.onProgress && (done % step === 0 || done === total)) opts.onProgress(done, total);
          },
          () => this.cancelled(opts.signal),
        );
        throwIfCancelled(opts.signal, mode);
        throwIfCancelled(this.opts.signal, mode);
      }),
    );
  }

  private cancelled(signal: AbortSignal | undefined): boolean {
    return signal?.aborted === true || this.opts.signal?.aborted === true;
  }

  /** Requests on one connection are strictly sequential (spec §2.2). */
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async withRetry<T>(
    what: string,
    signal: AbortSignal | undefined,
    fn: (c: HashservConnection) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(signal, what);
      throwIfCancelled(this.opts.signal, what);
      const abort = (): void => this.close();
      signal?.addEventListener('abort', abort);
      this.opts.signal?.addEventListener('abort', abort);
      try {
        return await fn(await this.connection());
      } catch (err) {
        if (this.cancelled(signal)) {
          throw new InspectorError('CANCELLED', `'${what}' was cancelled`);
        }
        if (this.conn && !this.conn.usable) this.close();
        const retry = err instanceof InspectorError && RETRYABLE.has(err.code) && attempt < this.opts.retries;
        if (!retry) throw err;
        this.close();
        await backoff(Math.min(5000, this.opts.backoffMs * 2 ** attempt), signal ?? this.opts.signal);
      } finally {
        signal?.removeEventListener('abort', abort);
        this.opts.signal?.removeEventListener('abort', abort);
      }
    }
  }

  private async connection(): Promise<HashservConnection> {
    if (this.conn?.usable) return this.conn;
    this.conn = undefined;
    const conn = await HashservConnection.open(this.address, this.connOptions());
    if (this.credentials) {
      this.lastAuth = expectObject(
        await conn.request('auth', { username: this.credentials.username, token: this.credentials.token }),
        'auth',
      ) as unknown as AuthResult;
    }
    if (this.becameUser !== undefined) await conn.request('become-user', { username: this.becameUser });
    this.conn = conn;
    return conn;
  }

  private connOptions(): ConnectionOptions {
    return {
      connectTimeoutMs: this.opts.connectTimeoutMs,
      replyTimeoutMs: this.opts.replyTimeoutMs,
      maxLineBytes: this.opts.maxLineBytes,
      maxMessageBytes: this.opts.maxMessageBytes,
      ...(this.opts.caFile !== undefined ? { caFile: this.opts.caFile } : {}),
    };
  }
}

function backoff(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new InspectorError('CANCELLED', 'Reconnecting was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Stream query fields must be one non-empty token: a space or newline would break the line format. */
function checkToken(v: string, what: string, index: number): void {
  if (typeof v !== 'string' || v === '' || /\s/.test(v) || v === 'END') {
    throw new InspectorError(
      'INVALID_INPUT',
      `Query ${index + 1}: ${what} ${JSON.stringify(v)} is empty or contains whitespace`,
      {
        line: index + 1,
      },
    );
  }
}

function expectObject(v: unknown, command: string): Record<string, unknown> {
  if (!isObject(v)) {
    throw new InspectorError(
      'PROTOCOL',
      `'${command}' answered ${JSON.stringify(v)?.slice(0, 80)} (expected an object)`,
    );
  }
  return v;
}

function expectMapping(v: unknown, command: string): UnihashMapping {
  const o = expectObject(v, command);
  if (typeof o.unihash !== 'string' || typeof o.taskhash !== 'string' || typeof o.method !== 'string') {
    throw new InspectorError(
      'PROTOCOL',
      `'${command}' answered without taskhash/method/unihash: ${JSON.stringify(o).slice(0, 120)}`,
    );
  }
  return { taskhash: o.taskhash, method: o.method, unihash: o.unihash };
}
