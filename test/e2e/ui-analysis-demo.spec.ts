import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { expect, test } from './fixtures';

/** Screenshots of every analysis view land here, to be looked at (not compared). */
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/ui-analysis');
const shot = (app: Page, name: string, project: string) =>
  app.screenshot({ path: path.join(SHOTS, `${project}-demo-${name}.png`) });

/** Goes to a view by its deep link (same document: the router follows hashchange). */
async function go(app: Page, hash: string): Promise<void> {
  await app.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

test('demo build: equivalence, why rebuilt, outhash, compare (one build)', async ({ app }, testInfo) => {
  const p = testInfo.project.name;
  await app.setViewportSize({ width: 1440, height: 900 });
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();

  // Equivalence: statistics, class list, graph of the first class.
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Equivalence' }).click();
  await expect(app.getByTestId('stat-classes')).toHaveText(/^[1-9][\d,]*$/);
  await expect(app.getByTestId('stat-folded')).toHaveText(/^[1-9][\d,]*$/);
  const classes = app.getByRole('grid', { name: 'Equivalence classes' });
  await expect(classes.getByRole('row').nth(1)).toBeVisible();
  await classes.focus();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByRole('img', { name: /taskhashes fold into unihash/ })).toBeVisible();
  await expect(app.locator('.eq-node--task').first()).toBeVisible();
  await expect(app.locator('.eq-node--task.is-canonical')).toHaveCount(1);
  expect(app.url()).toMatch(/#\/equivalence\?sel=[0-9a-f]{64}$/);
  const eqLink = app.url();
  await shot(app, '10-equivalence', p);
  await expectAccessible(app, 'Equivalence');

  // The deep link restores the selection after a reload.
  await app.goto(eqLink);
  await expect(app.getByRole('img', { name: /taskhashes fold into unihash/ })).toBeVisible();

  // Search narrows the list; nothing found says what to do.
  await app.getByRole('searchbox', { name: /Search classes/ }).fill('no-such-recipe-xyz');
  await expect(app.getByText('No class matches “no-such-recipe-xyz”')).toBeVisible();
  await shot(app, '11-equivalence-empty', p);
  await expectAccessible(app, 'Equivalence, no match');

  // Why rebuilt: busybox:do_compile against its previous run in the same build.
  await go(app, '#/why-rebuilt');
  await expect(app.getByRole('heading', { name: 'Why was it rebuilt?' })).toBeVisible();
  await shot(app, '12-why-empty', p);
  await expectAccessible(app, 'Why rebuilt, empty');
  await app.getByRole('textbox', { name: 'Task (recipe:do_task)' }).fill('busybox:do_compile');
  await app.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(app.getByRole('list', { name: 'Miss reasons' })).toBeVisible();
  await expect(app.locator('.sd-section').first()).toBeVisible();
  await shot(app, '13-why-task', p);
  await expectAccessible(app, 'Why rebuilt, task');
  expect(app.url()).toContain('#/why-rebuilt?sel=');

  // Outhash: a workspace task with a depsig file and an sstate archive, verified and diffed.
  await go(app, '#/outhash');
  await expect(app.getByRole('heading', { name: 'Compute an outhash' })).toBeVisible();
  await app.getByRole('textbox', { name: /Find a workspace task/ }).fill('do_populate_sysroot');
  await app.getByRole('button', { name: 'Use task' }).click();
  await expect(app.getByTestId('oh-prefill')).toContainText(':do_populate_sysroot');
  await app.getByRole('button', { name: 'Compute outhash' }).click();
  // With the depsig header's inputs the recomputation matches the build's own record.
  // Each verdict names what was compared with what: the task's hashserv.db record, its depsig file.
  await expect(app.getByTestId('oh-verdict')).toHaveText(
    /^✓ Computed outhash = recorded outhash of .+:do_populate_sysroot in .+ \(build .+\)$/,
  );
  await expect(app.getByTestId('oh-diff-verdict')).toHaveText(
    /^✓ Same signature as depsig\.do_populate_sysroot\.\d+ \(run \d+\), written by .+:do_populate_sysroot in build .+$/,
  );
  await shot(app, '14-outhash', p);
  await expectAccessible(app, 'Outhash');
  await app.getByRole('tab', { name: /Signature text/ }).click();
  await expect(app.getByRole('grid', { name: 'Signature text' }).getByRole('row').nth(1)).toBeVisible();
  await shot(app, '15-outhash-sigtext', p);
  await expectAccessible(app, 'Outhash, signature text');

  // Compare with a single build: says how to add a second one.
  await go(app, '#/compare');
  await expect(app.getByRole('heading', { name: 'Only one build in this workspace' })).toBeVisible();
  await expect(app.getByRole('textbox', { name: 'Build directory to add' })).toBeVisible();
  await shot(app, '16-compare-one-build', p);
  await expectAccessible(app, 'Compare, one build');

  // Dark mode follows the OS.
  await app.emulateMedia({ colorScheme: 'dark' });
  await go(app, '#/equivalence');
  await expect(app.getByRole('img', { name: /taskhashes fold into unihash/ })).toBeVisible();
  await shot(app, '18-equivalence-dark', p);
  await expectAccessible(app, 'Equivalence (dark)');
  await go(app, `#/why-rebuilt?sel=${encodeURIComponent('mode=task&build=b1&task=busybox:do_compile')}`);
  await expect(app.getByRole('region', { name: 'Root causes' })).toBeVisible();
  await shot(app, '19-why-dark', p);
  await expectAccessible(app, 'Why rebuilt (dark)');
  await app.emulateMedia({ colorScheme: 'light' });

  // Server, not connected yet.
  await go(app, '#/server');
  await expect(app.getByRole('heading', { name: 'Not connected' })).toBeVisible();
  await shot(app, '17-server-empty', p);
  await expectAccessible(app, 'Server, not connected');
});
