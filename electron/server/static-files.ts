import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Where the built renderer is: $HASHEQUIV_RENDERER_DIR, else dist/renderer found from this
 * module (source tree via tsx, or the bundled CLI in dist/cli). Null when it was never built.
 */
export function findRendererDir(): string | null {
  const env = process.env.HASHEQUIV_RENDERER_DIR;
  if (env) return existsSync(path.join(env, 'index.html')) ? path.resolve(env) : null;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../renderer', '../../dist/renderer', '../../../dist/renderer']) {
    const dir = path.resolve(here, rel);
    if (existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** The page served when the renderer was not built: the API works, the UI needs a build. */
export const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Hash Equivalence Inspector</title>' +
  '<p>The user interface is not built. Run <code>npm run build:renderer</code> and reload.</p>';

/**
 * Serves one file of `root` for a URL path (a path without an extension falls back to
 * index.html, for client-side routes). Never leaves `root`. Returns false when nothing matched.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (rel.includes('\u0000')) return false;
  let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let st = await stat(file).catch(() => null);
  if (st?.isDirectory()) {
    file = path.join(file, 'index.html');
    st = await stat(file).catch(() => null);
  }
  if (!st && path.extname(file) === '') {
    file = path.join(root, 'index.html');
    st = await stat(file).catch(() => null);
  }
  if (!st?.isFile()) return false;
  const body = await readFile(file);
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed asset names never change content; the page itself is always revalidated.
  const cache = file.includes(`${path.sep}assets${path.sep}`)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
  res.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': cache,
  });
  res.end(body);
  return true;
}
