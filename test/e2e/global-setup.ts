import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { FullConfig } from '@playwright/test';
// @ts-expect-error -- plain ESM helper shared with `npm start`, no types
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { resolveElectronTarget, type DevBinary } from './electron-target';

const ROOT = path.resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Builds the renderer with Vite when dist/renderer is missing or older than its sources. */
function buildRendererIfStale(): void {
  const index = path.join(ROOT, 'dist/renderer/index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync('npx', ['vite', 'build', '-c', 'vite.renderer.config.ts', '--mode', 'web'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('e2e: building the renderer failed');
}

/** Starts `hashequiv serve` on an ephemeral loopback port; resolves with its first stdout line. */
function startServer(): Promise<{ url: string; child: ChildProcess }> {
  // Node itself (not npx) so that killing the child stops the server, with tsx as the loader.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/cli/bin.ts', 'serve', '--no-open', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HASHEQUIV_RENDERER_DIR: path.join(ROOT, 'dist/renderer') },
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (url) => resolve({ url, child }));
    child.once('exit', (code) =>
      reject(new Error(`hashequiv serve exited with ${code} before printing its URL`)),
    );
  });
}

/** Builds what the suite needs, starts web mode, and says whether the Electron project can run. */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const projects = new Set(config.projects.map((p) => p.name));
  buildRendererIfStale();
  const { url, child } = await startServer();
  if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(url))
    throw new Error(`unexpected first line from serve: ${url}`);
  process.env.E2E_WEB_URL = url;

  if (projects.has('electron')) {
    // The packaged app when HASHEQUIV_ELECTRON_APP names it (release workflow), else `electron .`.
    const target = resolveElectronTarget(process.env, ROOT, () => findElectronBinary() as DevBinary);
    if (target.kind === 'skip') {
      process.env.E2E_ELECTRON_SKIP = target.reason;
      console.warn(`\n[e2e] ${process.env.E2E_ELECTRON_SKIP}\n`);
    } else {
      process.env.E2E_ELECTRON_PATH = target.executablePath;
      process.env.E2E_ELECTRON_KIND = target.kind;
      console.warn(`\n[e2e] Electron project runs the ${target.kind} app: ${target.executablePath}\n`);
      if (target.kind === 'dev') {
        const r = spawnSync('node', ['scripts/build-electron.mjs'], { cwd: ROOT, stdio: 'inherit' });
        if (r.status !== 0) throw new Error('e2e: building the Electron main/preload failed');
      }
    }
  }

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
}
