/**
 * Web mode: the API over HTTP (`POST /rpc/<method>`, JSON envelope) and a WebSocket for events
 * (`/events`), plus the built renderer, for a browser reaching a build server (over SSH).
 * Every request needs the token; Host and Origin are checked before anything else.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { HTTP_RPC_PREFIX, WS_EVENTS_PATH } from '../../shared/contract';
import { rendererCsp } from '../../shared/contract/csp';
import { errorEnvelope } from '../../shared/rpc/envelope';
import type { ApiHost } from '../services/api';
import {
  allowedHostnames,
  checkHostAndOrigin,
  requestToken,
  tokenCookieName,
  tokenMatches,
} from './request-guard';
import { NOT_BUILT_PAGE, serveStatic } from './static-files';

/** Options of startWebServer. */
export interface WebServerOptions {
  api: ApiHost;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (0 = any free port). */
  port?: number;
  /** The built renderer, or null to serve a "not built" page. */
  staticDir: string | null;
  /** The session token (default: 32 random bytes, base64url). */
  token?: string;
  /** Largest request body (default 16 MiB). */
  maxBodyBytes?: number;
}

/** A running web server. */
export interface WebServer {
  /** The URL to open, with the token: http://127.0.0.1:PORT/?token=… */
  url: string;
  /** The URL without the token. */
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text + '\n');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the web server; resolves once it listens. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { api } = options;
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  const allowed = allowedHostnames(bindHost);
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL) => {
    const t = requestToken(req, url, port);
    return t && tokenMatches(t.token, token) ? t : null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refused = checkHostAndOrigin(req, allowed);
    if (refused) return sendText(res, 403, `Forbidden: ${refused}`);
    const auth = authorized(req, url);
    if (!auth) {
      return sendText(
        res,
        401,
        'Unauthorized: open the URL with ?token=… printed by `hashequiv serve` (or send Authorization: Bearer <token>).',
      );
    }

    if (url.pathname.startsWith(HTTP_RPC_PREFIX)) {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST for /rpc/<method>', { Allow: 'POST' });
      // A JSON content type cannot be sent cross-site without a preflight we never answer.
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        return sendText(res, 415, 'Send the input as application/json');
      }
      const body = await readBody(req, maxBody);
      if (body === null)
        return sendJson(
          res,
          413,
          errorEnvelope({ code: 'TOO_LARGE', message: `Request body over ${maxBody} bytes` }),
        );
      let input: unknown;
      try {
        input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
      } catch (err) {
        return sendJson(
          res,
          400,
          errorEnvelope({ code: 'INVALID_INPUT', message: `Body is not JSON: ${(err as Error).message}` }),
        );
      }
      const method = decodeURIComponent(url.pathname.slice(HTTP_RPC_PREFIX.length));
      const envelope = await api.dispatch(method, input, {
        caller: `http ${req.socket.remoteAddress ?? ''}`,
      });
      return sendJson(res, 200, envelope);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'Method not allowed', { Allow: 'GET, POST' });

    if (auth.via === 'query') {
      // Trade the token in the URL for an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      const location = url.pathname + (url.search || '');
      res.writeHead(303, {
        ...COMMON_HEADERS,
        'Set-Cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: location,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }

    const headers = {
      ...COMMON_HEADERS,
      'Content-Security-Policy': rendererCsp({ connect: [`ws://${req.headers.host ?? ''}`] }),
    };
    if (options.staticDir && (await serveStatic(options.staticDir, url.pathname, res, headers))) return;
    if (!options.staticDir && (url.pathname === '/' || url.pathname === '/index.html')) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(NOT_BUILT_PAGE);
      return;
    }
    sendText(res, 404, 'Not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorEnvelope({ code: 'INTERNAL', message: String(err) }));
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_EVENTS_PATH) return refuse('404 Not Found');
    if (checkHostAndOrigin(req, allowed)) return refuse('403 Forbidden');
    if (!authorized(req, url)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // Events flow one way; anything the page sends is ignored.
      ws.on('message', () => {});
    });
  });
  const unsubscribe = api.events.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = bindHost.includes(':')
    ? `[${bindHost}]`
    : bindHost === '0.0.0.0'
      ? '127.0.0.1'
      : bindHost;
  const origin = `http://${hostForUrl === '[::]' ? '[::1]' : hostForUrl}:${port}`;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
