import { defineConfig } from '@playwright/test';

/**
 * One end-to-end suite, two doors: `web` drives Debian's Chromium against `hashequiv serve`
 * (started by global-setup on an ephemeral loopback port with its token); `electron` drives the
 * desktop app through `_electron.launch` wherever the Electron binary exists, and skips with the
 * reason where it does not.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // list for people; json for scripts/test-summary.mjs, which prints npm test's closing line.
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    {
      name: 'web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    { name: 'electron' },
  ],
});
