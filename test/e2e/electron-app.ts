import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { mainProcessSkipReason } from './electron-target';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The desktop app with its main process reachable: the window and the main process's handle. */
export interface MainProcessApp {
  electronApp: ElectronApplication;
  window: Page;
}

/**
 * `desktop`: the dev build under `_electron.launch` (fresh user-data dir), for tests that drive the
 * main process too. Where that cannot be, the test skips with the reason printed, as every skip
 * of the suite is.
 */
export const test = base.extend<{ desktop: MainProcessApp }>({
  desktop: async ({ playwright: _unused }, use, testInfo) => {
    const reason = mainProcessSkipReason(testInfo.project.name, process.env);
    if (reason) {
      console.warn(`[e2e] ${testInfo.title}: skipped: ${reason}`);
      testInfo.skip(true, reason);
      return;
    }
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'hashequiv-e2e-'));
    const electronApp = await _electron.launch({
      executablePath: process.env.E2E_ELECTRON_PATH!,
      args: [ROOT, `--user-data-dir=${userDataDir}`],
    });
    try {
      await use({ electronApp, window: await electronApp.firstWindow() });
    } finally {
      await electronApp.close();
    }
  },
});

export { expect } from '@playwright/test';

/** What the stubbed dialog answers: Electron's OpenDialogReturnValue. */
export interface StubAnswer {
  canceled: boolean;
  filePaths: string[];
}

/**
 * Replaces `dialog.showOpenDialog` in the main process with one that answers `answer` and keeps
 * the options it was asked with (read them with `dialogRequests`). main.ts looks the function up
 * on `dialog` at every call, so the replacement is what `app.choosePaths` reaches.
 */
export async function stubOpenDialog(electronApp: ElectronApplication, answer: StubAnswer): Promise<void> {
  await electronApp.evaluate(({ dialog }, a) => {
    const requests: unknown[] = [];
    (globalThis as { __e2eDialogRequests?: unknown[] }).__e2eDialogRequests = requests;
    // Called as (window, options) or (options): the options are the last argument.
    dialog.showOpenDialog = (async (...args: unknown[]) => {
      requests.push(args.at(-1));
      return a;
    }) as typeof dialog.showOpenDialog;
  }, answer);
}

/** The options of every dialog the stub answered, in order. */
export async function dialogRequests(
  electronApp: ElectronApplication,
): Promise<Array<{ title?: string; properties?: string[] }>> {
  return electronApp.evaluate(
    () =>
      ((globalThis as { __e2eDialogRequests?: unknown[] }).__e2eDialogRequests ?? []) as Array<{
        title?: string;
        properties?: string[];
      }>,
  );
}
