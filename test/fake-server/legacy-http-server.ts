import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pyDumps } from './py-json';
import { pyUtcNow } from './store';

/** The 2019 server's only table (spec local-caches §C, version v1: no unique constraint, no index). */
const TASKS_V1 = `CREATE TABLE IF NOT EXISTS tasks_v1 (
  id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, outhash TEXT NOT NULL, taskhash TEXT NOT NULL,
  unihash TEXT NOT NULL, created DATETIME, owner TEXT, PN TEXT, PV TEXT, PR TEXT, task TEXT, outhash_siginfo TEXT)`;

/** A running legacy stand-in. */
export interface LegacyFakeServer {
  /** `http://127.0.0.1:PORT` (+ prefix). */
  address: string;
  db: DatabaseSync;
  close(): Promise<void>;
}

/** Python http.server's error page (as in shared/fixtures/wire/legacy-http-session.txt). */
function errorPage(code: number, message: string, explanation: string): string {
  return `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: ${code}</p>
        <p>Message: ${message}.</p>
        <p>Error code explanation: ${explanation}.</p>
    </body>
</html>
`;
}

/**
 * The 2019 reference server's HTTP API (spec §7) on 127.0.0.1, on a temp SQLite file:
 * GET/POST `{prefix}/v1/equivalent`, 404 elsewhere, 400 on a body that is not JSON.
 */
export async function startLegacyFakeServer(opts: { prefix?: string } = {}): Promise<LegacyFakeServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fakehs-legacy-'));
  const db = new DatabaseSync(path.join(dir, 'legacy.db'));
  db.exec(TASKS_V1);
  const prefix = opts.prefix ?? '';
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: string, html = false): void => {
      res.writeHead(status, {
        Server: 'BaseHTTP/0.6 Python/3.11.7',
        'Content-Type': html ? 'text/html;charset=utf-8' : 'application/json; charset=utf-8',
        Connection: 'close',
      });
      res.end(body);
    };
    if (url.pathname !== `${prefix}/v1/equivalent` || (req.method !== 'GET' && req.method !== 'POST')) {
      return send(404, errorPage(404, 'Not Found', '404 - Nothing matches the given URI'), true);
    }
    if (req.method === 'GET') {
      const row = db
        .prepare(
          'SELECT taskhash, method, unihash FROM tasks_v1 WHERE method=? AND taskhash=? ORDER BY created ASC LIMIT 1',
        )
        .get(url.searchParams.get('method') ?? '', url.searchParams.get('taskhash') ?? '');
      return send(200, pyDumps(row ?? null));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let d: Record<string, string | undefined>;
      try {
        d = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string | undefined>;
        if (
          typeof d.method !== 'string' ||
          typeof d.outhash !== 'string' ||
          typeof d.taskhash !== 'string' ||
          typeof d.unihash !== 'string'
        ) {
          throw new Error('KeyError');
        }
      } catch (err) {
        return send(400, errorPage(400, 'Bad Request', `Traceback: ${(err as Error).name}`), true);
      }
      // The row with this outhash, preferring the same taskhash, else the oldest.
      let row = db
        .prepare(
          `SELECT taskhash, method, unihash FROM tasks_v1 WHERE method=? AND outhash=?
           ORDER BY CASE WHEN taskhash=? THEN 1 ELSE 2 END, created ASC LIMIT 1`,
        )
        .get(d.method, d.outhash, d.taskhash) as
        { taskhash: string; method: string; unihash: string } | undefined;
      if (!row || row.taskhash !== d.taskhash) {
        const unihash = row ? row.unihash : d.unihash;
        db.prepare(
          `INSERT INTO tasks_v1 (method, outhash, taskhash, unihash, created, owner, PN, PV, PR, task, outhash_siginfo)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          d.method,
          d.outhash,
          d.taskhash,
          unihash,
          pyUtcNow(),
          d.owner ?? null,
          d.PN ?? null,
          d.PV ?? null,
          d.PR ?? null,
          d.task ?? null,
          d.outhash_siginfo ?? null,
        );
        row = { taskhash: d.taskhash, method: d.method, unihash };
      }
      send(200, pyDumps({ taskhash: row.taskhash, method: row.method, unihash: row.unihash }));
    });
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `http://127.0.0.1:${port}${prefix}`,
    db,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
