import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApi, createDefaultEngine, type ApiHost } from '../../../../electron/services/api';
import { appInfo } from '../../../../electron/services/api/app-info';
import { startWebServer, type WebServer } from '../../../../electron/server/web-server';
import { FIXTURES } from '../../../helpers/paths';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP (fetch would not let us forge the Host header). */
function http(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: opts.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

let dir: string;
let api: ApiHost;
let server: WebServer;
let host: string;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hashequiv-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(tmpdir(), 'hashequiv-outside.txt'), 'secret');
  api = createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '1.2.3'),
    validateOutput: true,
    log: () => {},
  });
  server = await startWebServer({ api, staticDir: dir, token: 'test-token-123' });
  host = `127.0.0.1:${server.port}`;
  auth = { Host: host, Authorization: 'Bearer test-token-123' };
});

afterAll(async () => {
  await server.close();
  api.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(tmpdir(), 'hashequiv-outside.txt'), { force: true });
});

const rpc = (name: string, input: unknown, headers: Record<string, string> = auth) =>
  http(server.port, {
    method: 'POST',
    path: `/rpc/${name}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });

describe('web server gatekeeping', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=test-token-123`);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    expect((await http(server.port, { headers: { Host: host } })).status).toBe(401);
    expect((await rpc('app.info', {}, { Host: host })).status).toBe(401);
    expect((await rpc('app.info', {}, { Host: host, Authorization: 'Bearer test-token-124' })).status).toBe(
      401,
    );
    expect((await http(server.port, { path: '/?token=nope', headers: { Host: host } })).status).toBe(401);
  });

  it('answers 403 to a foreign Host (DNS rebinding) even with the token', async () => {
    const r = await rpc('app.info', {}, { ...auth, Host: `evil.example:${server.port}` });
    expect(r.status).toBe(403);
    expect(r.body).toContain("Host 'evil.example:");
  });

  it('answers 403 to a foreign Origin (CSRF) even with the token', async () => {
    const r = await rpc('app.info', {}, { ...auth, Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toContain("Origin 'http://evil.example'");
    // Same-origin browser calls pass.
    expect((await rpc('app.info', {}, { ...auth, Origin: `http://${host}` })).status).toBe(200);
  });

  it('serves the API with a valid token (a real sig file read through HTTP)', async () => {
    const info = await rpc('app.info', {});
    expect(JSON.parse(info.body)).toEqual({
      ok: true,
      value: {
        name: 'Hash Equivalence Inspector',
        version: '1.2.3',
        mode: 'web',
        platform: process.platform,
        docsUrl: expect.any(String),
      },
    });
    const file = path.join(
      FIXTURES,
      'siginfo',
      'modern',
      'zlib-1.3.1.do_fetch.sigdata.8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
    );
    const sig = JSON.parse((await rpc('siginfo.read', { path: file })).body) as {
      ok: boolean;
      value: { data: { task: string } };
    };
    expect(sig.ok).toBe(true);
    expect(sig.value.data.task).toBe('do_fetch');
    const unknown = JSON.parse((await rpc('tasks.drop', {})).body) as {
      ok: boolean;
      error: { code: string };
    };
    expect(unknown.error.code).toBe('UNKNOWN_METHOD');
  });

  it('refuses non-JSON bodies (no simple cross-site form posts) and GET on /rpc', async () => {
    const form = await http(server.port, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    expect((await http(server.port, { path: '/rpc/app.info', headers: auth })).status).toBe(405);
    const bad = await http(server.port, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('INVALID_INPUT');
  });

  it('trades ?token= for an HttpOnly cookie and strips it from the URL', async () => {
    const r = await http(server.port, { path: '/?token=test-token-123', headers: { Host: host } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`hashequiv_token_${server.port}=test-token-123`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await http(server.port, {
      headers: { Host: host, Cookie: `hashequiv_token_${server.port}=test-token-123` },
    });
    expect(page.status).toBe(200);
  });

  it('serves static files with the strict CSP, and never outside the renderer dir', async () => {
    const page = await http(server.port, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('/assets/app.js');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://${host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    const js = await http(server.port, { path: '/assets/app.js', headers: auth });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app");');
    const escape = await http(server.port, {
      path: '/assets/..%2f..%2fhashequiv-outside.txt',
      headers: auth,
    });
    expect(escape.body).not.toContain('secret');
    expect((await http(server.port, { path: '/missing.js', headers: auth })).status).toBe(404);
  });
});

describe('web server events', () => {
  const wsUrl = () => `ws://${host}/events`;
  const refused = (url: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', (e) => resolve(e.message));
    });

  it('refuses a WebSocket without the token, or from a foreign Origin', async () => {
    expect(await refused(wsUrl())).toBe('401');
    expect(
      await refused(wsUrl(), { Authorization: 'Bearer test-token-123', Origin: 'http://evil.example' }),
    ).toBe('403');
  });

  it('pushes engine events to authorized WebSocket clients', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Authorization: 'Bearer test-token-123' } });
    await new Promise((r) => ws.on('open', r));
    const message = new Promise<string>((r) => ws.on('message', (d) => r(String(d))));
    api.events.emit('workspace.changed', { workspaceId: 'w1', reason: 'closed' });
    expect(JSON.parse(await message)).toEqual({
      event: 'workspace.changed',
      payload: { workspaceId: 'w1', reason: 'closed' },
    });
    ws.close();
  });
});
