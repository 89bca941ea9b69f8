import { setTimeout as delay } from 'node:timers/promises';
import { pyDumps } from './py-json';
import { COMMAND_RULES, EXPANDED_ALL, grants, ALL_PERMS, type CommandRule } from './permissions';
import type { RequestStats } from './stats';
import { hashToken, newToken, pyUtcNow, QUERY_COLUMNS, type HashStore, type StoredUser } from './store';

/** A misbehaviour the stand-in can be told to show, to test the client's error handling. */
export interface Fault {
  /**
   * close: drop the connection; stall: stop answering (keep the socket open); garbage: send bytes
   * that are not UTF-8; not-json: send a text line that is not JSON; oversized: send a 200 KiB line.
   */
  kind: 'close' | 'stall' | 'garbage' | 'not-json' | 'oversized';
  /** How many answers (replies and stream answers) go out normally on a connection first. */
  after: number;
  /** How many connections misbehave (default: all); later ones behave. */
  connections?: number;
}

/** Shared server state a session works on. */
export interface SessionContext {
  store: HashStore;
  stats: RequestStats;
  anonPerms: string[];
  readOnly: boolean;
  /** Protocol versions accepted: the real server accepts (1,0) < v <= (1,1). */
  acceptVersion: (v: number[]) => boolean;
  authFailDelayMs: number;
  fault?: Fault;
}

/** How a session talks back: one call per protocol line; `chunked` on stream transports. */
export interface SessionIo {
  chunked: boolean;
  send(lines: string[]): void;
  /** Sends raw bytes (faults only). */
  sendRaw(data: Buffer): void;
  close(): void;
}

class CloseSilently extends Error {}
class InvokeError extends Error {}

type Mode =
  'version' | 'headers' | 'normal' | 'chunks' | 'get-stream' | 'exists-stream' | 'gc-mark-stream' | 'closed';

const UNIHASH_RE = /^[0-9a-f]{64}$/;

/**
 * One client connection of the stand-in server: handshake, normal mode, chunked messages,
 * stream modes, permissions and errors as spec §2–§5 describe them.
 */
export class Session {
  private mode: Mode = 'version';
  private chunks: string[] = [];
  private user: StoredUser | undefined;
  private needsHeaders = false;
  private answers = 0;
  private stalled = false;
  private queue: string[] = [];
  private head = 0;
  private busy = false;
  private out: string[] = [];

  constructor(
    private readonly ctx: SessionContext,
    private readonly io: SessionIo,
    private readonly connIndex: number,
  ) {}

  /** Feeds received lines (without their `\n`). Lines are handled strictly in order. */
  feed(lines: string[]): void {
    for (const l of lines) this.queue.push(l);
    if (!this.busy && !this.scheduled) {
      // Handle everything that arrived in this I/O phase together, so answers to pipelined
      // queries leave in one write (WebSocket delivers one message per event).
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.pump();
      });
    }
  }

  private scheduled = false;

  /** The peer went away: drop whatever it had queued (a real server stops reading too). */
  end(): void {
    this.mode = 'closed';
    this.queue = [];
    this.head = 0;
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.head < this.queue.length && this.mode !== 'closed') {
        const line = this.queue[this.head++] as string;
        const r = this.handleLine(line.replace(/\s+$/, '')); // Python rstrip()s every line
        if (r) {
          this.flush();
          await r;
        }
      }
    } catch (err) {
      this.flush();
      if (err instanceof InvokeError) this.io.send([pyDumps({ 'invoke-error': { message: err.message } })]);
      this.shutdown();
    } finally {
      this.flush();
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.busy = false;
    }
    if (this.head < this.queue.length && this.mode !== 'closed') void this.pump();
  }

  private shutdown(): void {
    this.mode = 'closed';
    this.queue = [];
    this.head = 0;
    this.io.close();
  }

  private flush(): void {
    if (this.out.length === 0) return;
    const lines = this.out;
    this.out = [];
    if (!this.stalled && this.mode !== 'closed') this.io.send(lines);
  }

  /** Queues one answer line, applying the configured fault when its turn comes. */
  private answer(line: string): void {
    if (this.stalled) return;
    const f = this.ctx.fault;
    if (f && this.answers === f.after && this.connIndex < (f.connections ?? Infinity)) {
      this.flush();
      switch (f.kind) {
        case 'close':
          throw new CloseSilently();
        case 'stall':
          this.stalled = true;
          return;
        case 'garbage':
          this.io.sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x67, 0x0a]));
          this.answers++;
          return;
        case 'not-json':
          this.out.push('Traceback (most recent call last): this is not JSON');
          this.answers++;
          return;
        case 'oversized':
          this.out.push('x'.repeat(200 * 1024));
          this.answers++;
          return;
      }
    }
    this.answers++;
    this.out.push(line);
  }

  /** Sends one JSON message, chunked on stream transports when long (spec §2.3). */
  private reply(value: unknown): undefined {
    const json = pyDumps(value);
    if (!this.io.chunked || json.length < 32767) {
      this.answer(json);
      return undefined;
    }
    this.answer('{"chunk-stream": null}');
    for (let i = 0; i < json.length; i += 32767) this.out.push(json.slice(i, i + 32767));
    this.out.push('');
    return undefined;
  }

  private handleLine(line: string): Promise<void> | undefined {
    switch (this.mode) {
      case 'version': {
        const words = line.split(/\s+/).filter(Boolean);
        const version = (words[1] ?? '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
        if (
          words.length !== 2 ||
          words[0] !== 'OEHASHEQUIV' ||
          version.some(Number.isNaN) ||
          !this.ctx.acceptVersion(version)
        ) {
          throw new CloseSilently();
        }
        this.mode = 'headers';
        return undefined;
      }
      case 'headers': {
        if (line === '') {
          if (this.needsHeaders) this.out.push('');
          this.mode = 'normal';
          return undefined;
        }
        const colon = line.indexOf(':');
        if (colon < 0) throw new CloseSilently();
        const name = line.slice(0, colon).trim().toLowerCase();
        if (name === 'needs-headers') this.needsHeaders = line.slice(colon + 1).trim() === 'true';
        return undefined;
      }
      case 'chunks':
        if (line !== '') {
          this.chunks.push(line);
          return undefined;
        }
        this.mode = 'normal';
        return this.dispatch(parseJson(this.chunks.splice(0).join('')));
      case 'normal': {
        const msg = parseJson(line);
        if (isObj(msg) && Object.keys(msg).length > 0 && 'chunk-stream' in msg) {
          this.mode = 'chunks';
          return undefined;
        }
        return this.dispatch(msg);
      }
      case 'get-stream':
      case 'exists-stream':
      case 'gc-mark-stream':
        this.streamLine(line);
        return undefined;
      case 'closed':
        return undefined;
    }
  }

  private streamLine(line: string): void {
    const done = this.ctx.stats.start();
    try {
      if (line === 'END' || line === '') {
        this.mode = 'normal';
        this.answer('ok');
        return;
      }
      if (this.mode === 'get-stream') {
        const f = line.split(/\s+/);
        if (f.length !== 2) throw new CloseSilently();
        const row = this.ctx.store.getUnihash(f[0] as string, f[1] as string);
        this.answer(row ? String(row.unihash) : '');
      } else if (this.mode === 'exists-stream') {
        this.answer(this.ctx.store.unihashExists(line) ? 'true' : 'false');
      } else {
        const q = parseJson(line);
        if (!isObj(q) || typeof q.mark !== 'string' || !isObj(q.where)) throw new CloseSilently();
        this.answer(pyDumps({ count: this.ctx.store.markRows(q.mark, q.where) }));
      }
    } finally {
      done();
    }
  }

  private dispatch(msg: unknown): Promise<void> | undefined {
    if (!isObj(msg)) throw new CloseSilently();
    const name = Object.keys(COMMAND_RULES).find((c) => c in msg);
    if (name === undefined) throw new CloseSilently(); // unknown command: log and close
    const rule = COMMAND_RULES[name] as CommandRule;
    if (rule.writable && this.ctx.readOnly) throw new CloseSilently();
    const arg = msg[name];
    const done = rule.stream ? undefined : this.ctx.stats.start();
    let r: Promise<void> | undefined;
    try {
      r = this.run(name, this.authorize(rule, arg));
    } catch (err) {
      done?.();
      throw err;
    }
    if (r) return r.finally(() => done?.());
    done?.();
    return undefined;
  }

  /** Checks the permission rule (spec §4) and returns the argument, with `username` filled for self-service. */
  private authorize(rule: CommandRule, arg: unknown): Record<string, unknown> {
    const a: Record<string, unknown> = isObj(arg) ? { ...arg } : {};
    // Self-service commands act on the logged-in user when no username is given.
    if (rule.self && this.user && a.username === undefined) a.username = this.user.username;
    if (rule.anon && grants(this.ctx.anonPerms, rule.perms)) return a;
    if (this.user && grants(this.user.permissions, rule.perms)) return a;
    if (rule.self && this.user && (a.username === undefined || a.username === this.user.username)) {
      a.username = this.user.username;
      return a;
    }
    throw new InvokeError(
      `${this.user ? this.user.username : 'Anonymous user'} is not allowed to access permissions(s) ${rule.perms.join(', ')}`,
    );
  }

  private run(name: string, a: Record<string, unknown>): Promise<void> | undefined {
    const store = this.ctx.store;
    switch (name) {
      case 'ping':
        return this.reply({ alive: true });
      case 'get': {
        const method = str(a, 'method');
        const taskhash = str(a, 'taskhash');
        if (a.all === true) return this.reply(store.getMerged(method, taskhash) ?? null);
        return this.reply(store.getUnihash(method, taskhash) ?? null);
      }
      case 'get-outhash': {
        const withUnihash = a.with_unihash === undefined ? true : Boolean(a.with_unihash);
        str(a, 'taskhash');
        return this.reply(store.getOuthash(str(a, 'method'), str(a, 'outhash'), withUnihash) ?? null);
      }
      case 'get-stream':
      case 'exists-stream':
      case 'gc-mark-stream':
        this.mode = name;
        return this.reply('ok');
      case 'get-stats':
        return this.reply(this.ctx.stats.toJson());
      case 'reset-stats': {
        const before = this.ctx.stats.toJson();
        this.ctx.stats.reset();
        return this.reply(before);
      }
      case 'backfill-wait':
        // No upstream: the backfill queue is always empty.
        return this.reply({ tasks: 0 });
      case 'report':
        return this.report(a);
      case 'report-equiv': {
        const method = str(a, 'method');
        const taskhash = str(a, 'taskhash');
        const unihash = str(a, 'unihash');
        if (!UNIHASH_RE.test(unihash)) throw new InvokeError('Invalid unihash');
        store.insertUnihash(method, taskhash, unihash);
        return this.reply(store.getUnihash(method, taskhash) ?? null);
      }
      case 'auth':
        return this.auth(str(a, 'username'), str(a, 'token'));
      case 'get-user': {
        const u = store.getUser(str(a, 'username'));
        return this.reply(u ? publicUser(u) : null);
      }
      case 'get-all-users':
        return this.reply({ users: store.allUsers().map(publicUser) });
      case 'become-user': {
        const u = store.getUser(str(a, 'username'));
        if (!u) throw new InvokeError(`User ${str(a, 'username')} doesn't exist`);
        this.user = u;
        return this.reply(publicUser(u));
      }
      case 'get-db-usage':
        return this.reply({ usage: store.tableRows() });
      case 'get-db-query-columns':
        return this.reply({ columns: QUERY_COLUMNS });
      case 'remove':
        return this.reply({ count: store.remove(obj(a, 'where')) });
      case 'clean-unused':
        if (typeof a.max_age_seconds !== 'number') throw new CloseSilently();
        return this.reply({ count: store.cleanUnused() });
      case 'gc-mark':
        return this.reply({ count: store.markRows(str(a, 'mark'), obj(a, 'where')) });
      case 'gc-sweep': {
        const mark = str(a, 'mark');
        if (store.gcMark() !== mark)
          throw new InvokeError(`'${mark}' is not the current mark. Refusing to sweep`);
        return this.reply({ count: store.sweep(mark) });
      }
      case 'gc-status':
        return this.reply(store.gcCounts());
      case 'refresh-token': {
        const username = str(a, 'username');
        const token = newToken();
        if (!store.setUserToken(username, hashToken(token)))
          throw new InvokeError(`No user named '${username}' exists`);
        return this.reply({ username, token });
      }
      case 'set-user-perms': {
        const username = str(a, 'username');
        const perms = checkPerms(a.permissions);
        if (!store.setUserPerms(username, perms)) throw new InvokeError(`No user named '${username}' exists`);
        return this.reply(publicUser({ username, token: '', permissions: perms }));
      }
      case 'new-user': {
        const username = str(a, 'username');
        const perms = checkPerms(a.permissions);
        const token = newToken();
        if (!store.newUser(username, hashToken(token), perms))
          throw new InvokeError(`Cannot create new user '${username}'`);
        return this.reply({ ...publicUser({ username, token: '', permissions: perms }), token });
      }
      case 'delete-user': {
        const username = str(a, 'username');
        if (!store.deleteUser(username)) throw new InvokeError(`No user named '${username}' exists`);
        return this.reply({ username });
      }
      default:
        throw new CloseSilently();
    }
  }

  /** report (spec §5.2). */
  private report(a: Record<string, unknown>): undefined {
    const store = this.ctx.store;
    const method = str(a, 'method');
    const taskhash = str(a, 'taskhash');
    const outhash = str(a, 'outhash');
    const unihash = str(a, 'unihash');
    if (!UNIHASH_RE.test(unihash)) throw new InvokeError('Invalid unihash');
    const mayWrite =
      !this.ctx.readOnly &&
      (grants(this.ctx.anonPerms, ['@report']) ||
        (this.user !== undefined && grants(this.user.permissions, ['@report'])));
    if (!mayWrite) {
      const found = store.getOuthash(method, outhash, true);
      return this.reply({ taskhash, method, unihash: found?.unihash ?? unihash });
    }
    const opt = (k: string): string | null => (typeof a[k] === 'string' ? (a[k] as string) : null);
    const isNew = store.insertOuthash({
      method,
      taskhash,
      outhash,
      created: pyUtcNow(),
      owner: this.user ? this.user.username : opt('owner'),
      PN: opt('PN'),
      PV: opt('PV'),
      PR: opt('PR'),
      task: opt('task'),
      outhash_siginfo: opt('outhash_siginfo'),
    });
    if (isNew)
      store.insertUnihash(method, taskhash, store.equivalentUnihash(method, outhash, taskhash) ?? unihash);
    const row = store.getUnihash(method, taskhash);
    return this.reply({ taskhash, method, unihash: row ? String(row.unihash) : unihash });
  }

  private auth(username: string, token: string): Promise<void> | undefined {
    const u = this.ctx.store.getUser(username);
    const [, salt, hex] = u ? u.token.split(':') : [];
    if (u && salt !== undefined && hashToken(token, salt) === u.token && hex) {
      this.user = u;
      return this.reply({ result: true, username, permissions: [...u.permissions].sort() });
    }
    // The real server sleeps 1 s before refusing, to slow down guessing.
    return delay(this.ctx.authFailDelayMs).then(() => {
      throw new InvokeError(`Unable to authenticate as ${username}`);
    });
  }
}

function publicUser(u: StoredUser): { username: string; permissions: string[] } {
  return {
    username: u.username,
    permissions: u.permissions.includes('@all') ? EXPANDED_ALL : [...u.permissions].sort(),
  };
}

function checkPerms(v: unknown): string[] {
  if (!Array.isArray(v)) throw new InvokeError('Unexpected type for permissions');
  const unknown = v.filter((p) => !(ALL_PERMS as readonly unknown[]).includes(p));
  if (unknown.length > 0) throw new InvokeError(`Unknown permissions ${unknown.join(', ')}`);
  return (v as string[]).filter((p) => p !== '@none');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CloseSilently();
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A required string field; a missing one is a KeyError on the server: silent close. */
function str(a: Record<string, unknown>, k: string): string {
  const v = a[k];
  if (typeof v !== 'string') throw new CloseSilently();
  return v;
}

function obj(a: Record<string, unknown>, k: string): Record<string, unknown> {
  const v = a[k];
  if (!isObj(v)) throw new CloseSilently();
  return v;
}
