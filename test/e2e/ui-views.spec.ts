import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_BUILDDIR } from '../helpers/paths';
import { expectAccessible } from './a11y';
import { expect, test } from './fixtures';

/** Screenshots of every view land here, to be looked at (not compared). */
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/ui');
const shot = (app: Page, name: string, project: string) =>
  app.screenshot({ path: path.join(SHOTS, `${project}-${name}.png`) });

const grid = (app: Page) => app.getByRole('grid', { name: 'Tasks' });

test('demo build: start, tasks, filters, detail, sources, keyboard, deep link', async ({ app }, testInfo) => {
  // Many steps on a shared, loaded machine: more than the default minute.
  test.setTimeout(180_000);
  const p = testInfo.project.name;
  await app.setViewportSize({ width: 1440, height: 900 });
  await expect(app.getByRole('heading', { name: 'Hash Equivalence Inspector' })).toBeVisible();
  await expect(app.getByTestId('open-demo')).toBeVisible();
  await shot(app, '01-start', p);
  await expectAccessible(app, 'Start');

  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();
  // The demo build: 493 rows (generated deterministically by workspace ensureDemoBuild).
  await expect(app.getByTestId('task-total')).toHaveText('493 tasks');
  await expect(
    app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tasks' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(app.getByRole('button', { name: /is:equivalent/ })).toBeVisible();
  await shot(app, '02-tasks', p);
  await expectAccessible(app, 'Tasks');
  // Dark follows the OS.
  await app.emulateMedia({ colorScheme: 'dark' });
  await shot(app, '02-tasks-dark', p);
  await expectAccessible(app, 'Tasks (dark)');
  await app.emulateMedia({ colorScheme: 'light' });

  // Filter language in the search box (role searchbox), facet chips, sort by header.
  const search = app.getByRole('searchbox');
  await search.fill('pn:zlib is:equivalent');
  await expect(app.getByTestId('task-total')).toHaveText(/^\d+ tasks of 493$/);
  for (const text of await app.getByTestId('task-row').allTextContents()) expect(text).toContain('zlib');
  await app.getByRole('button', { name: /is:equivalent/ }).click();
  await expect(search).toHaveValue('pn:zlib');
  await grid(app).getByRole('button', { name: 'Task', exact: true }).click();
  await expect(search).toHaveValue('pn:zlib sort:task');
  expect(app.url()).toContain('#/tasks?q=pn%3Azlib+sort%3Atask');

  // Keyboard: j selects the first row, the detail pane shows it; Enter opens it; Esc goes back.
  await grid(app).focus();
  await app.keyboard.press('j');
  const pane = app.getByRole('complementary', { name: 'Task detail' });
  await expect(pane.getByRole('heading', { level: 2 })).toContainText('zlib:');
  await expect(pane.getByTestId('taskhash-check')).toContainText('matches');
  // c copies the selected row's unihash (copy buttons are pointer-only), confirmed in a status line.
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.keyboard.press('c');
  await expect(app.getByTestId('tasks-status')).toHaveText(
    /^Copied unihash [0-9a-f]{12}… of (mc:mc1:)?zlib:do_\w+$/,
  );
  const copied = await app.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^[0-9a-f]{64}$/);
  const shown = (await app.getByTestId('tasks-status').textContent())!.match(/[0-9a-f]{12}/)![0];
  expect(copied.startsWith(shown)).toBe(true);
  await shot(app, '03-tasks-detail-pane', p);
  await expectAccessible(app, 'Tasks detail pane');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('button', { name: /Back to the task list/ })).toBeVisible();
  expect(app.url()).toMatch(/#\/task\?q=.*&sel=b1%7C/);
  await shot(app, '04-task-detail', p);
  await expectAccessible(app, 'Task detail');
  const deepLink = app.url();
  await app.keyboard.press('Escape');
  await expect(grid(app)).toBeVisible();

  // A deep link restores the task on load.
  await app.goto(deepLink);
  await expect(app.getByRole('button', { name: /Back to the task list/ })).toBeVisible();
  await expect(app.getByRole('article')).toContainText('zlib:');

  // Depsig text and a dependency link, on a task with both (zlib do_package in mc1).
  await app.getByRole('searchbox').fill('pn:zlib task:do_package mc:mc1');
  await expect(app.getByTestId('task-total')).toHaveText('2 tasks of 493');
  await app.getByTestId('task-row').first().getByRole('gridcell').first().click();
  await pane
    .getByRole('button', { name: /^Show the text of depsig\.do_package/ })
    .first()
    .click();
  await expect(pane.getByTestId('depsig-text')).not.toBeEmpty();
  await shot(app, '04b-depsig', p);
  await expectAccessible(app, 'Task detail pane, depsig text');
  await pane.getByRole('button', { name: 'mc:mc1:zlib:do_install', exact: true }).click();
  await expect(app.getByRole('article')).toContainText('zlib:do_install');

  // Disagreements: the demo has rows whose sources give different unihashes.
  await app.goto(deepLink.replace(/#.*/, '#/tasks?q=is%3Adisagree'));
  await expect(app.getByTestId('task-row').first()).toBeVisible();
  await expect(app.getByTestId('task-row').first().getByText('≠')).toBeVisible();
  await shot(app, '05-tasks-disagree', p);

  // Sources, with g s.
  await grid(app).focus();
  await app.keyboard.press('g');
  await app.keyboard.press('s');
  await expect(app.getByTestId('source-row').first()).toBeVisible();
  await expect(app.getByRole('table', { name: 'Sources' })).toContainText('hashserv-db');
  await expect(app.getByRole('table', { name: 'Sources' })).toContainText('BitBake >= 2.8');
  await shot(app, '06-sources', p);
  await expectAccessible(app, 'Sources');

  // ? lists the shortcuts, Ctrl+K opens the palette and runs a command.
  await app.keyboard.press('?');
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(app, '07-shortcuts', p);
  await expectAccessible(app, 'Shortcuts overlay');
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+k');
  await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await app.keyboard.type('no-sstate');
  await shot(app, '08-palette', p);
  await expectAccessible(app, 'Command palette');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('searchbox')).toHaveValue('is:disagree is:no-sstate');
  await expect(app.getByRole('button', { name: /is:no-sstate/ })).toHaveAttribute('aria-pressed', 'true');
});

test('real build directory: open by path with completion, sources and tasks', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const p = testInfo.project.name;
  await app.setViewportSize({ width: 1440, height: 900 });
  // A copy: nothing may ever be written beside the fixtures.
  const parent = mkdtempSync(path.join(tmpdir(), 'hashequiv-ui-'));
  const build = path.join(parent, 'builddir');
  cpSync(FIXTURE_BUILDDIR, build, { recursive: true, verbatimSymlinks: true });
  const field = app.getByTestId('open-path-input');
  await field.fill(`${parent}/bu`);
  await expect(app.getByRole('listbox', { name: 'Matching paths' })).toContainText('builddir/');
  await expect(app.getByRole('listbox', { name: 'Matching paths' })).toContainText('build dir');
  await shot(app, '09-start-completion', p);
  await expectAccessible(app, 'Start, path completion');
  await field.press('Tab');
  await expect(field).toHaveValue(`${build}/`);
  await app.getByTestId('open-path-submit').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();
  await shot(app, '10-builddir-tasks', p);
  await app.getByRole('searchbox').fill('zlib');
  await expect(app.getByTestId('task-row').first()).toContainText('zlib');
  await app.getByTestId('task-row').first().getByRole('gridcell').first().click();
  await expect(
    app.getByRole('complementary', { name: 'Task detail' }).getByRole('heading', { level: 2 }),
  ).toContainText('zlib');
  await shot(app, '11-builddir-detail', p);
  await expectAccessible(app, 'Tasks detail pane (build dir)');
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sources' }).click();
  await expect(app.getByTestId('source-row').first()).toBeVisible();
  await shot(app, '12-builddir-sources', p);
  await expectAccessible(app, 'Sources (build dir)');
});

test('demo build: per-column filters write tokens of the search text', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const p = testInfo.project.name;
  await app.setViewportSize({ width: 1440, height: 900 });
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('task-total')).toHaveText('493 tasks');
  const search = app.getByRole('searchbox');
  const total = app.getByTestId('task-total');

  // Recipe box: "contains", as DB Browser for SQLite does; written as a glob token.
  await app.getByRole('textbox', { name: 'Filter recipe', exact: true }).fill('zl');
  await expect(search).toHaveValue('pn:*zl*');
  // zlib, zlib-native and mc1's zlib: 44 of the demo's 493 rows have "zl" in their recipe name.
  await expect(total).toHaveText('44 tasks of 493');
  for (const text of await app.getByTestId('task-row').allTextContents()) expect(text).toContain('zl');
  await app.getByRole('textbox', { name: 'Filter task', exact: true }).fill('compile');
  await expect(search).toHaveValue('pn:*zl* task:*compile*');
  await expect(total).toHaveText('5 tasks of 493');

  // Taskhash box: the first row's shown prefix leaves exactly that row.
  const first = app.getByTestId('task-row').first();
  const prefix = ((await first.locator('.hash code').first().textContent()) ?? '').replace('…', '');
  expect(prefix).toMatch(/^[0-9a-f]{8}$/);
  const th = app.getByRole('textbox', { name: 'Filter taskhash', exact: true });
  await th.fill(prefix.toUpperCase());
  await expect(search).toHaveValue(`pn:*zl* task:*compile* taskhash:${prefix.toUpperCase()}`);
  await expect(total).toHaveText('1 task of 493');
  await expect(app.getByTestId('task-row')).toHaveCount(1);
  await expect(app.getByTestId('task-row').first()).toContainText(prefix);
  await app.screenshot({
    path: path.join(SHOTS, p === 'web' ? 'tasks-column-filters.png' : `${p}-tasks-column-filters.png`),
  });
  await expectAccessible(app, 'Tasks, column filters');

  // Editing the token in the search box moves the box; Esc in the box removes the token.
  await search.fill('pn:*zl* task:*compile* taskhash:zz');
  await expect(th).toHaveValue('zz');
  await expect(th).toHaveAttribute('aria-invalid', 'true');
  await th.press('Escape');
  await expect(th).toHaveValue('');
  await expect(search).toHaveValue('pn:*zl* task:*compile*');
  await expect(total).toHaveText('5 tasks of 493');
  expect(app.url()).toContain('#/tasks?q=pn%3A*zl*+task%3A*compile*');
});
