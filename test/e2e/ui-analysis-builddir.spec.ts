import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFakeServer, type FakeServer } from '../fake-server/fake-server';
import { FIXTURE_BUILDDIR, FIXTURES } from '../helpers/paths';
import { expectAccessible } from './a11y';
import { expect, test } from './fixtures';

/** Screenshots of every analysis view land here, to be looked at (not compared). */
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/ui-analysis');
const shot = (app: Page, name: string, project: string) =>
  app.screenshot({ path: path.join(SHOTS, `${project}-builddir-${name}.png`) });

async function go(app: Page, hash: string): Promise<void> {
  await app.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** A writable copy of the fixture build directory (times kept: "newest" must stay newest). */
function copyBuild(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'hashequiv-e2e-analysis-')), name);
  execFileSync('cp', ['-a', FIXTURE_BUILDDIR, dir]);
  execFileSync('chmod', ['-R', 'u+w', dir]);
  return dir;
}

/**
 * Turns a copy of the fixture (built twice) back into its first run: wherever a task has two
 * sigdata files, its stamps are renamed to the older hash and the newer sigdata is removed.
 * Build A (run 1) against the untouched copy B (run 2) then differs exactly by the fixture's
 * planted changes (ZLIB_CFLAGS, BUSYBOX_APPLETS).
 */
function rewindToFirstRun(dir: string): number {
  let rewound = 0;
  for (const tmp of ['tmp', 'tmp-mc1']) {
    const stamps = path.join(dir, tmp, 'stamps');
    for (const e of readdirSync(stamps, { recursive: true, withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const d = path.join(e.parentPath, e.name);
      const files = readdirSync(d);
      const sigs = new Map<string, string[]>();
      for (const f of files) {
        const m = /^(.*)\.sigdata\.([0-9a-f]{64})$/.exec(f);
        if (m) sigs.set(m[1]!, [...(sigs.get(m[1]!) ?? []), m[2]!]);
      }
      for (const [prefix, hashes] of sigs) {
        if (hashes.length !== 2) continue;
        const cur = hashes.find((h) => files.includes(`${prefix}.${h}`));
        const old = hashes.find((h) => h !== cur);
        if (!cur || !old) continue;
        renameSync(path.join(d, `${prefix}.${cur}`), path.join(d, `${prefix}.${old}`));
        for (const f of files.filter((x) => x === `${prefix}_setscene.${cur}`))
          renameSync(path.join(d, f), path.join(d, `${prefix}_setscene.${old}`));
        rmSync(path.join(d, `${prefix}.sigdata.${cur}`));
        rewound++;
      }
    }
  }
  return rewound;
}

let server: FakeServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('fixture builddir: equivalence, why rebuilt, compare two runs, server', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const p = testInfo.project.name;
  await app.setViewportSize({ width: 1440, height: 900 });
  const runA = copyBuild('run1');
  const runB = copyBuild('run2');
  expect(rewindToFirstRun(runA)).toBeGreaterThan(0);

  await app.getByTestId('open-path-input').fill(runB);
  await app.getByTestId('open-path-submit').click();
  await expect(app.getByTestId('task-row').first()).toBeVisible();

  // Equivalence: zlib's three taskhashes per task share one unihash (run 2 folded into run 1).
  await go(app, '#/equivalence?q=zlib');
  await expect(app.getByTestId('stat-folded')).toHaveText(/^[1-9]\d*$/);
  const classes = app.getByRole('grid', { name: 'Equivalence classes' });
  await expect(classes.getByRole('row').nth(1)).toContainText('zlib');
  await classes.getByRole('row').nth(1).click();
  await expect(app.getByRole('img', { name: /taskhashes fold into unihash/ })).toBeVisible();
  await expect(app.getByRole('table', { name: /^Members of / }).getByRole('row')).not.toHaveCount(1);
  await shot(app, '20-equivalence-zlib', p);
  await expectAccessible(app, 'Equivalence (build dir)');

  // Why rebuilt: initscripts:do_install changed only through a dependency; the root cause is
  // busybox:do_install (BUSYBOX_APPLETS), shown root first with its path.
  await go(app, '#/why-rebuilt?sel=mode%3Dtask%26build%3Db1%26task%3Dinitscripts%3Ado_install');
  const roots = app.getByRole('region', { name: 'Root causes' });
  await expect(roots.locator('.rc__task').first()).toHaveText('busybox:do_install');
  await expect(roots.getByRole('navigation').first()).toContainText('busybox:do_install');
  await expect(app.getByRole('list', { name: 'Miss reasons' })).toContainText('Dependency');
  // A single root cause is unfolded at once: its own diff is right there.
  await expect(
    roots.getByRole('button', { name: /Hide the signature diff of busybox:do_install/ }),
  ).toBeVisible();
  await expect(roots.getByText('BUSYBOX_APPLETS').first()).toBeVisible();
  await shot(app, '21-why-initscripts', p);
  await expectAccessible(app, 'Why rebuilt, root causes');
  // Following the root cause explains it in turn: its own variable changed.
  await roots.getByRole('button', { name: 'Explain busybox:do_install' }).first().click();
  await expect(app.getByRole('list', { name: 'Miss reasons' })).toContainText('Variable');
  await expect(app.locator('.var-diff__name').first()).toContainText('BUSYBOX_APPLETS');
  await shot(app, '22-why-busybox', p);

  // Two sig files: the fixture pair that differs in ZLIB_CFLAGS, with word-level highlights.
  const modern = path.join(FIXTURES, 'siginfo/modern');
  const pair = readdirSync(modern).filter((f) => f.startsWith('zlib-1.3.1.do_compile.sigdata.'));
  expect(pair).toHaveLength(2);
  await go(app, '#/why-rebuilt');
  await app.getByText('Two sig files').click();
  await app.getByRole('textbox', { name: 'Old sig file (path)' }).fill(
    path.join(
      modern,
      pair.find((f) => f.includes('f1fee7b2'))!,
    ),
  );
  await app.getByRole('textbox', { name: 'New sig file (path)' }).fill(
    path.join(
      modern,
      pair.find((f) => f.includes('71908c8c'))!,
    ),
  );
  await app.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(app.locator('.var-diff__name').first()).toContainText('ZLIB_CFLAGS');
  await expect(app.locator('.wd-add').first()).toBeVisible();
  await shot(app, '23-why-files', p);
  await expectAccessible(app, 'Why rebuilt, two sig files');

  // Outhash: busybox's populate_sysroot output of run 1 against run 2 (BUSYBOX_APPLETS added vi).
  const temp = path.join(runB, 'tmp/work/core2-64-poky-linux/busybox/1.36.1/temp');
  await go(app, '#/outhash');
  await app
    .getByLabel('Directory or sstate archive')
    .fill(path.join(temp, 'depsig.do_populate_sysroot.30554'));
  await app.getByLabel('Task', { exact: true }).fill('populate_sysroot');
  await app
    .getByLabel('Diff against (depsig or archive)')
    .fill(path.join(temp, 'depsig.do_populate_sysroot.29210'));
  await app
    .getByLabel('Expected outhash')
    .fill('3bfe1cc6b41c17bc124c58136d1c270e61ab73b490640c0526f2bf5c5a6f9b3f');
  await app.getByRole('button', { name: 'Compute outhash' }).click();
  // Two comparisons, each naming its sides: the typed outhash matches, run 1's depsig does not.
  await expect(app.getByTestId('oh-verdict')).toHaveText(
    '✓ Computed outhash = the expected outhash you entered',
  );
  // The one difference: the vi applet's symlink, new in run 2.
  await expect(app.getByTestId('oh-diff-verdict')).toHaveText(
    '✗ Signature differs from depsig.do_populate_sysroot.29210 (run 29210): 1 line',
  );
  const diffRow = app.getByRole('grid', { name: 'Sigtext differences' }).getByRole('row').nth(1);
  await expect(diffRow).toContainText('added');
  await expect(diffRow).toContainText('./sysroot-destdir/bin/vi -> busybox.nosuid');
  await shot(app, '24-outhash-diff', p);
  await expectAccessible(app, 'Outhash, diff');

  // Compare builds: add run 1, compare run 1 (A) with run 2 (B), grouped by root cause.
  await go(app, '#/compare');
  await app.getByRole('textbox', { name: 'Build directory to add' }).fill(runA);
  await app.getByRole('button', { name: 'Add build' }).click();
  await expect(app.getByRole('combobox', { name: 'Build B' })).toBeVisible();
  await app.getByRole('combobox', { name: 'Build A' }).selectOption({ index: 1 });
  await app.getByRole('combobox', { name: 'Build B' }).selectOption({ index: 0 });
  await app.getByRole('button', { name: 'Compare', exact: true }).click();
  const causes = app.getByRole('list', { name: 'Root causes' });
  await expect(causes).toContainText('busybox:do_install');
  await expect(causes).toContainText('zlib:do_compile');
  await expect(app.getByTestId('cmp-taskhash')).toHaveText(/^[1-9]\d*$/);
  await shot(app, '25-compare', p);
  await expectAccessible(app, 'Compare');
  await causes.getByRole('button', { name: /^zlib:do_compile/ }).click();
  await expect(app.getByRole('grid', { name: 'Differing tasks' }).getByRole('row').nth(1)).toContainText(
    'zlib',
  );
  await shot(app, '25-compare-group-zlib', p);
  await expectAccessible(app, 'Compare, group');

  // Server: the fake hashserv on loopback with the fixture database.
  server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
  await go(app, '#/server');
  await app.getByRole('textbox', { name: 'Address' }).fill(server.address);
  await app.getByRole('button', { name: 'Connect' }).click();
  await expect(app.getByTestId('server-address')).toHaveText(server.address);
  await expect(app.getByTestId('server-requests')).toHaveText(/^\d+$/);
  await app.getByRole('button', { name: 'Compare workspace' }).click();
  // The fixture server database holds other builds' reports: none of this workspace's 232 rows.
  await expect(app.getByTestId('srv-unknown')).toHaveText('232');
  await expect(app.getByTestId('srv-same')).toHaveText('0');
  await shot(app, '26-server-compare', p);
  await expectAccessible(app, 'Server, compare');
  await app.getByRole('button', { name: 'Preview report (dry run)' }).click();
  await expect(app.getByTestId('preview-summary')).toContainText('Nothing has been written');
  await expect(app.getByTestId('preview-summary')).toContainText('92 local reports; 92 would be sent');
  await shot(app, '27-server-preview', p);
  await expectAccessible(app, 'Server, report preview');
  await app.getByRole('button', { name: 'Send 92 reports…' }).click();
  const dialog = app.getByRole('alertdialog', { name: 'Send 92 reports?' });
  await expect(dialog).toContainText(server.address);
  // Cancel has the focus: Enter on a stray key press never writes.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(app, '28-server-confirm', p);
  await expectAccessible(app, 'Server, send confirmation');
  await dialog.getByRole('button', { name: 'Send 92 reports' }).click();
  await expect(app.getByTestId('report-outcome')).toHaveText(`Sent 92 reports to ${server.address}.`);
  // The server now knows them: comparing again finds them the same.
  await app.getByRole('button', { name: 'Compare again' }).click();
  await expect(app.getByTestId('srv-unknown')).not.toHaveText('232');
  // "Show in Tasks" applies the matching filter.
  await app.getByRole('link', { name: 'Show in Tasks: unknown tasks' }).click();
  await expect(app.getByRole('searchbox')).toHaveValue('is:not-on-server');
  await shot(app, '29-tasks-not-on-server', p);
});
