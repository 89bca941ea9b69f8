import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { parsePerms } from './permissions';
import { Session, type Fault, type SessionContext, type SessionIo } from './session';
import { RequestStats } from './stats';
import { hashToken, HashStore } from './store';

/** How to start the stand-in server. */
export interface FakeServerOptions {
  /** tcp on 127.0.0.1 (or ::1 with host), unix socket in os.tmpdir(), ws, or wss (needs `tls`). */
  transport: 'tcp' | 'unix' | 'ws' | 'wss';
  /** Loopback host for tcp/ws (default 127.0.0.1). */
  host?: '127.0.0.1' | '::1';
  /** A database to start from: copied to a temp file first (fixtures are never written). */
  copyDb?: string;
  /** Socket path for `unix` (default: a short path in a temp dir). */
  socketPath?: string;
  /** `--anon-perms` (default `@read,@report,@db-admin`). */
  anonPerms?: string;
  readOnly?: boolean;
  /** `--admin-user` / `--admin-password`. */
  admin?: { username: string; token: string };
  /** Accepted protocol versions (default: the real rule (1,0) < v <= (1,1)). */
  acceptVersion?: (v: number[]) => boolean;
  /** Delay before refusing a bad login (the real server waits 1 s). */
  authFailDelayMs?: number;
  fault?: Fault;
  /** PEM certificate and key for wss. */
  tls?: { cert: string; key: string };
  /** Longest line accepted from a client (the real server: 64 KiB). */
  maxLineBytes?: number;
}

/** A running stand-in. */
export interface FakeServer {
  /** The address to give the client (`127.0.0.1:PORT`, `unix://…`, `ws://…`). */
  address: string;
  /** The SQLite database behind it (a temp file). */
  dbPath: string;
  store: HashStore;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const DEFAULT_VERSION_RULE = (v: number[]): boolean => {
  const [maj = 0, min = 0, ...rest] = v;
  const gt10 = maj > 1 || (maj === 1 && (min > 0 || rest.some((x) => x > 0)));
  const le11 = maj < 1 || (maj === 1 && (min < 1 || (min === 1 && rest.every((x) => x === 0))));
  return gt10 && le11;
};

/**
 * Starts the hash equivalence server stand-in on loopback, backed by a real SQLite database with
 * the real schema (a temp copy of `copyDb`, or a new empty one).
 */
export async function startFakeServer(opts: FakeServerOptions): Promise<FakeServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fakehs-'));
  const dbPath = path.join(dir, 'hashserv.db');
  if (opts.copyDb) copyFileSync(opts.copyDb, dbPath);
  const store = new HashStore(dbPath);
  if (opts.admin && !store.getUser(opts.admin.username)) {
    store.newUser(opts.admin.username, hashToken(opts.admin.token), ['@all']);
  }
  const ctx: SessionContext = {
    store,
    stats: new RequestStats(),
    anonPerms: parsePerms(opts.anonPerms ?? '@read,@report,@db-admin'),
    readOnly: opts.readOnly ?? false,
    acceptVersion: opts.acceptVersion ?? DEFAULT_VERSION_RULE,
    authFailDelayMs: opts.authFailDelayMs ?? 1000,
    ...(opts.fault ? { fault: opts.fault } : {}),
  };
  const maxLine = opts.maxLineBytes ?? 64 * 1024;
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const wsClients = new Set<WebSocket>();
  let closeListener: () => Promise<void>;
  let address: string;

  const onSocket = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const io: SessionIo = {
      chunked: true,
      send: (lines) => {
        if (!socket.destroyed) socket.write(lines.join('\n') + '\n');
      },
      sendRaw: (data) => {
        if (!socket.destroyed) socket.write(data);
      },
      close: () => socket.end(() => socket.destroy()),
    };
    const session = new Session(ctx, io, accepted++);
    socket.on('close', () => session.end());
    let pending: Buffer[] = [];
    let pendingLen = 0;
    socket.on('data', (chunk: Buffer) => {
      const lines: string[] = [];
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        let bytes = chunk.subarray(start, nl);
        if (pendingLen > 0) {
          pending.push(bytes);
          bytes = Buffer.concat(pending);
          pending = [];
          pendingLen = 0;
        }
        if (bytes.length > maxLine) {
          socket.destroy(); // asyncio's readline limit: the connection dies
          return;
        }
        lines.push(bytes.toString('utf8'));
        start = nl + 1;
      }
      // One pump per received chunk: answers to pipelined queries leave in one write.
      if (lines.length > 0) session.feed(lines);
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingLen += chunk.length - start;
        if (pendingLen > maxLine) socket.destroy();
      }
    });
  };

  if (opts.transport === 'tcp' || opts.transport === 'unix') {
    const server = net.createServer(onSocket);
    const listenOn =
      opts.transport === 'unix'
        ? { path: opts.socketPath ?? path.join(dir, 'hs.sock') }
        : { host: opts.host ?? '127.0.0.1', port: 0 };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenOn, () => resolve());
    });
    if (opts.transport === 'unix') address = `unix://${(listenOn as { path: string }).path}`;
    else {
      const a = server.address() as net.AddressInfo;
      address = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
    }
    closeListener = () => new Promise<void>((resolve) => server.close(() => resolve()));
  } else {
    const httpsServer = opts.transport === 'wss' ? https.createServer(opts.tls ?? {}) : undefined;
    // Python's websockets library refuses messages over 1 MiB by default (spec §3).
    const wsOpts = { perMessageDeflate: false, maxPayload: 1024 * 1024 };
    const wss = httpsServer
      ? new WebSocketServer({ server: httpsServer, ...wsOpts })
      : new WebSocketServer({ host: opts.host ?? '127.0.0.1', port: 0, ...wsOpts });
    wss.on('connection', (ws: WebSocket) => {
      wsClients.add(ws);
      ws.on('close', () => wsClients.delete(ws));
      ws.on('error', () => undefined);
      const io: SessionIo = {
        chunked: false,
        send: (lines) => {
          // One TCP write per batch of answers (ws@8 keeps its socket in `_socket`).
          const sock = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
          sock?.cork();
          for (const l of lines) ws.send(l);
          sock?.uncork();
        },
        sendRaw: (data) => ws.send(data, { binary: true }),
        close: () => ws.close(),
      };
      const session = new Session(ctx, io, accepted++);
      ws.on('close', () => session.end());
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return ws.terminate();
        session.feed([data.toString('utf8')]);
      });
    });
    if (httpsServer) {
      await new Promise<void>((resolve) => httpsServer.listen(0, opts.host ?? '127.0.0.1', () => resolve()));
      const a = httpsServer.address() as net.AddressInfo;
      address = `wss://127.0.0.1:${a.port}/ws`;
    } else {
      await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
      const a = wss.address() as net.AddressInfo;
      address = a.family === 'IPv6' ? `ws://[${a.address}]:${a.port}/ws` : `ws://${a.address}:${a.port}/ws`;
    }
    closeListener = async () => {
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (httpsServer) await new Promise<void>((resolve) => httpsServer.close(() => resolve()));
    };
  }

  return {
    address,
    dbPath,
    store,
    connections: () => accepted,
    async close() {
      for (const s of sockets) s.destroy();
      for (const c of wsClients) c.terminate();
      await closeListener();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
