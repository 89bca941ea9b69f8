import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_BUILDDIR } from '../helpers/paths';
import { expect, test } from './fixtures';

test('opens the demo build and shows its rows', async ({ app }, testInfo) => {
  await expect(app.getByRole('heading', { name: 'Hash Equivalence Inspector' })).toBeVisible();
  // The token left the address bar (traded for an HttpOnly cookie).
  if (testInfo.project.name === 'web') expect(app.url()).not.toContain('token=');
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();
  expect(await app.getByTestId('task-row').count()).toBeGreaterThan(0);
  await expect(app.getByTestId('task-total')).toHaveText(/^\d+ tasks\b/);
  await app.screenshot({ path: testInfo.outputPath('demo-build.png') });
});

test('opens a real build directory by path and searches it', async ({ app }, testInfo) => {
  // A copy: nothing may ever be written beside the fixtures.
  const build = path.join(mkdtempSync(path.join(tmpdir(), 'hashequiv-e2e-build-')), 'builddir');
  cpSync(FIXTURE_BUILDDIR, build, { recursive: true, verbatimSymlinks: true });
  await app.getByTestId('open-path-input').fill(build);
  await app.getByTestId('open-path-submit').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();
  await app.getByTestId('task-search').fill('zlib');
  await expect(app.getByTestId('task-total')).toHaveText(/^47 tasks\b/);
  await expect(app.getByTestId('task-row').first()).toContainText('zlib');
  for (const text of await app.getByTestId('task-row').allTextContents()) expect(text).toContain('zlib');
  await app.screenshot({ path: testInfo.outputPath('builddir-zlib.png') });
});

test('shows why a path could not be read, with the path', async ({ app }) => {
  await app.getByTestId('open-path-input').fill('/nonexistent/hashequiv-e2e');
  await app.getByTestId('open-path-submit').click();
  // One unreadable input never takes the workspace down: it opens, and Sources says why.
  await expect(app.getByTestId('workspace-title')).toBeVisible();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sources' }).click();
  await expect(app.getByTestId('source-row')).toContainText('/nonexistent/hashequiv-e2e');
  await expect(app.getByTestId('source-row')).toContainText('NOT_FOUND');
});
