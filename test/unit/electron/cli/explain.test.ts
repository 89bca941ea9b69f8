import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';
import { plantedScenario, type PlantedScenario } from '../../../helpers/two-builds';

let tmp: string;
let sc: PlantedScenario;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hei-cli-explain-'));
  sc = plantedScenario(tmp);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hashequiv explain', () => {
  it('explains why a fixture task rebuilt, down to the busybox variable', async () => {
    const r = await runCli(['explain', FIXTURE_BUILDDIR, 'initscripts', 'do_prepare_recipe_sysroot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Root causes (1):\n  busybox:do_install [variable]\n');
    expect(r.stdout).toContain('"ash cat ls mount sh {+vi+}"');
    expect(r.stdout).toContain(
      'via initscripts:do_prepare_recipe_sysroot -> busybox:do_populate_sysroot -> busybox:do_install',
    );
  });

  it('--against: both root causes in the text and in JSON', async () => {
    const r = await runCli(['explain', sc.dirA, 'app:do_compile', '--against', sc.dirB]);
    expect(r.stdout).toContain('Root causes (2):');
    expect(r.stdout).toContain('libA:do_compile [variable]');
    expect(r.stdout).toContain('libB:do_fetch [file]');
    expect(r.stdout).toContain('Checksum for file fix.patch changed from');
    const j = (await runCli(['explain', sc.dirA, 'app:do_compile', '--against', sc.dirB, '--json'])).json<{
      comparedWith: { status: string; rootCauses: { roots: Array<{ task: string }>; paths: unknown[] } };
    }>();
    expect(j.comparedWith.status).toBe('changed');
    expect(j.comparedWith.rootCauses.roots.map((x) => x.task).sort()).toEqual([
      'libA:do_compile',
      'libB:do_fetch',
    ]);
    expect(j.comparedWith.rootCauses.paths).toHaveLength(2);
  });

  it('a missing dependency signature: named with where it was looked for, exit 1, other cause still found', async () => {
    const dirB = path.join(tmp, 'ci-missing');
    cpSync(sc.dirB, dirB, { recursive: true });
    const libB = sc.b.sigs.get('libB:do_populate_sysroot')!;
    rmSync(libB.sigdataPath.replace(sc.dirB, dirB));
    rmSync(libB.siginfoPath!.replace(sc.dirB, dirB));
    const r = await runCli(['explain', sc.dirA, 'app:do_compile', '--against', dirB]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `Missing signature: libB:do_populate_sysroot with hash ${libB.sig.unihash} of build B (needed by app:do_compile); looked for:`,
    );
    expect(r.stdout).toContain(
      `  ${dirB}/tmp/stamps/*/libB/*.do_populate_sysroot.sigdata.${libB.sig.unihash}`,
    );
    expect(r.stdout).toContain('libA:do_compile [variable]');
  });

  it('an unknown task exits 2 naming the recipe tasks', async () => {
    const r = await runCli(['explain', FIXTURE_BUILDDIR, 'zlib:do_frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No signature for zlib:do_frobnicate');
  });
});
