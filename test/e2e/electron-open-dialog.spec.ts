/**
 * The Start view's "Open build directory…" in the desktop app, end to end: the button asks main
 * for `app.choosePaths`, main shows the native dialog (stubbed here in the main process, where a
 * test cannot click a real one), and the picked build opens as a workspace.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_BUILDDIR } from '../helpers/paths';
import { dialogRequests, expect, stubOpenDialog, test } from './electron-app';

test('Open build directory… opens the picked build: Sources lists its sources', async ({
  desktop,
}, testInfo) => {
  // A copy: nothing may ever be written beside the fixtures.
  const build = path.join(mkdtempSync(path.join(tmpdir(), 'hashequiv-e2e-dialog-')), 'builddir');
  cpSync(FIXTURE_BUILDDIR, build, { recursive: true, verbatimSymlinks: true });
  await stubOpenDialog(desktop.electronApp, { canceled: false, filePaths: [build] });
  const app = desktop.window;
  await app.getByRole('button', { name: 'Open build directory…' }).click();
  await expect(app.getByTestId('workspace-title')).toBeVisible();
  // Main asked for a directory, titled after the button.
  expect(await dialogRequests(desktop.electronApp)).toEqual([
    { title: 'Open Build Directory', properties: ['openDirectory', 'multiSelections'] },
  ]);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sources' }).click();
  await expect(app.getByTestId('sources-count')).toHaveText(/^8 sources\b/);
  const sources = app.getByRole('table', { name: 'Sources' });
  for (const p of ['cache/hashserv.db', 'cache/bb_unihashes.dat', 'tmp/stamps', 'tmp-mc1/stamps'])
    await expect(sources).toContainText(path.join(build, p));
  await app.screenshot({ path: testInfo.outputPath('dialog-opened-sources.png') });
});

test('cancelling the dialog stays on Start with nothing opened', async ({ desktop }) => {
  // Electron may list paths on cancel: main must drop them.
  await stubOpenDialog(desktop.electronApp, { canceled: true, filePaths: [FIXTURE_BUILDDIR] });
  const app = desktop.window;
  const open = app.getByRole('button', { name: 'Open build directory…' });
  await open.click();
  // The condition "the dialog was answered and the buttons wait no more", not a sleep.
  await expect.poll(async () => (await dialogRequests(desktop.electronApp)).length).toBe(1);
  await expect(open).toBeEnabled();
  await expect(app.getByRole('heading', { name: 'Open a build' })).toBeVisible();
  await expect(app.getByTestId('workspace-title')).toHaveCount(0);
  await expect(app.getByTestId('open-status')).toHaveCount(0);
  await expect(app.getByRole('alert')).toHaveCount(0);
});
