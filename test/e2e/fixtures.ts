import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, test as base, type Page } from '@playwright/test';
import { launchPackaged } from './electron-target';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `app`: the inspector's window, whichever door the project uses — a Chromium page on the web
 * server (each test starts with no open workspace), or the first window of a fresh Electron app
 * (isolated user-data dir). The same tests run against both.
 */
export const test = base.extend<{ app: Page }>({
  app: async ({ playwright }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const why = process.env.E2E_ELECTRON_SKIP;
      if (why) {
        console.warn(`[e2e] ${testInfo.title}: ${why}`);
        testInfo.skip(true, why);
        return;
      }
      const userDataDir = mkdtempSync(path.join(tmpdir(), 'hashequiv-e2e-'));
      if (process.env.E2E_ELECTRON_KIND === 'packaged') {
        const packaged = await launchPackaged(playwright, process.env.E2E_ELECTRON_PATH!, userDataDir);
        await use(packaged.page);
        await packaged.close();
        return;
      }
      const app = await _electron.launch({
        executablePath: process.env.E2E_ELECTRON_PATH!,
        args: [ROOT, `--user-data-dir=${userDataDir}`],
      });
      const window = await app.firstWindow();
      await use(window);
      await app.close();
      return;
    }
    // The server outlives the tests: close what an earlier test opened, through the API itself
    // (as a script would: the token as a Bearer header), before the page loads.
    const url = new URL(process.env.E2E_WEB_URL!);
    const call = async (
      name: string,
      input: unknown,
    ): Promise<{ ok: boolean; value: Array<{ id: string }> }> => {
      const res = await fetch(`${url.origin}/rpc/${name}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${url.searchParams.get('token')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; value: Array<{ id: string }> };
    };
    for (const ws of (await call('workspace.list', {})).value)
      await call('workspace.close', { workspaceId: ws.id });

    const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
    // An explicit context (not browser.newPage()): axe-core's runner opens a page beside this one.
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url.href);
    await use(page);
    await browser.close();
    // A CSP violation or an uncaught error is a failure even when the screen looks right.
    if (problems.length > 0) throw new Error(`console errors on the page:\n${problems.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
