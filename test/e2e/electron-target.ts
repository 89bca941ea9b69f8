import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Page, PlaywrightWorkerArgs } from '@playwright/test';

/** What the Electron project drives: the packaged app, the dev build under `electron .`, or nothing. */
export type ElectronTarget =
  | { kind: 'packaged'; executablePath: string }
  | { kind: 'dev'; executablePath: string }
  | { kind: 'skip'; reason: string };

/** findElectronBinary()'s answer (scripts/electron-binary.mjs). */
export type DevBinary = { ok: boolean; path?: string; reason?: string };

/**
 * Picks the Electron target. HASHEQUIV_ELECTRON_APP (set by the release workflow) names the packaged
 * app's executable, relative to the repository or absolute; when it is set but missing, packaging
 * failed and that is an error, not a skip. Otherwise the dev build runs under the Electron binary
 * from node_modules, and without one the project skips with the reason.
 */
export function resolveElectronTarget(
  env: Record<string, string | undefined>,
  root: string,
  findDev: () => DevBinary,
  exists: (p: string) => boolean = existsSync,
): ElectronTarget {
  const packaged = env.HASHEQUIV_ELECTRON_APP;
  if (packaged) {
    const executablePath = path.resolve(root, packaged);
    if (!exists(executablePath))
      throw new Error(`HASHEQUIV_ELECTRON_APP points at no file: ${executablePath}`);
    return { kind: 'packaged', executablePath };
  }
  const dev = findDev();
  if (dev.ok && dev.path) return { kind: 'dev', executablePath: dev.path };
  return { kind: 'skip', reason: `Electron project skipped: ${dev.reason ?? 'no Electron binary'}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the packaged app and attaches over the Chrome DevTools Protocol. `_electron.launch` cannot
 * drive it: it needs Node's --inspect, which the EnableNodeCliInspectArguments fuse turns off in
 * the packaged app (by design); --remote-debugging-port is a Chromium switch that fuse leaves alone.
 */
export async function launchPackaged(
  playwright: PlaywrightWorkerArgs['playwright'],
  executablePath: string,
  userDataDir: string,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(executablePath, [`--user-data-dir=${userDataDir}`, `--remote-debugging-port=${port}`], {
    stdio: 'inherit',
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const deadline = Date.now() + 30_000;
  let browser: Browser | null = null;
  // Wait for the condition "the DevTools endpoint answers", bounded, failing early if the app died.
  while (!browser) {
    if (exited) throw new Error(`the packaged app ${exited} before its DevTools endpoint answered`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the packaged app's DevTools endpoint did not answer on port ${port} within 30 s`);
    }
    try {
      browser = await playwright.chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 2_000 });
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const context = browser.contexts()[0];
  if (!context) throw new Error('the packaged app exposes no browser context');
  const page = context.pages()[0] ?? (await context.waitForEvent('page'));
  await page.waitForLoadState('domcontentloaded');
  return {
    page,
    close: async () => {
      await browser.close();
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill();
        await gone;
      }
    },
  };
}

/**
 * Why a test that needs the main process (to stub a native dialog with `electronApp.evaluate`)
 * cannot run here, or null when it can. The packaged app is attached over CDP (see
 * electron-target.ts): the EnableNodeCliInspectArguments fuse is off there by design, so nothing
 * reaches its main process, and a stub the app itself would honour is exactly what a shipped app
 * must not have. Such tests run wherever the dev build runs (`npm test` with the Electron binary).
 */
export function mainProcessSkipReason(
  projectName: string,
  env: Record<string, string | undefined>,
): string | null {
  if (projectName !== 'electron') return 'native dialogs exist only in the desktop app (Electron project)';
  if (env.E2E_ELECTRON_SKIP) return env.E2E_ELECTRON_SKIP;
  if (env.E2E_ELECTRON_KIND === 'packaged')
    return "the packaged app's main process is unreachable (attached over CDP; the EnableNodeCliInspectArguments fuse is off), so its dialogs cannot be stubbed: this test runs against the dev build";
  return null;
}
