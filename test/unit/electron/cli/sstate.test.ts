import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

const SSTATE = path.join(FIXTURE_BUILDDIR, 'sstate-cache');

interface SstateJson {
  root: string;
  summary: Record<string, unknown>;
  objects: Array<Record<string, unknown>>;
  problems: unknown[];
}

describe('hashequiv sstate', () => {
  it('prints a summary of the fixture cache', async () => {
    const r = await runCli(['sstate', SSTATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `sstate directory: ${SSTATE}\nObjects: 36 (72 files in 71 directories, 0 ignored)\n`,
    );
    expect(r.stdout).toContain('\nBy task:\n  deploy                  1\n  package                 7\n');
    expect(r.stdout).toContain('\nBy extra path:\n  (none)         34\n  universal       2\n');
    expect(r.stdout.endsWith('\nProblems: 0\n')).toBe(true);
  });

  it('--json lists every object with its files', async () => {
    const r = await runCli(['sstate', SSTATE, '--json']);
    const j = r.json<SstateJson>();
    expect(j.root).toBe(SSTATE);
    expect(j.summary).toMatchObject({
      objects: 36,
      files: 72,
      archives: 36,
      siginfos: 36,
      sigs: 0,
      problems: 0,
    });
    expect(j.objects).toHaveLength(36);
    const quilt = j.objects.find((o) => o.pn === 'quilt-native' && o.task === 'populate_sysroot')!;
    expect(quilt).toMatchObject({
      dir: 'universal/ea/9a',
      extraPath: 'universal',
      layout: 'two-level',
      archspec: 'x86_64-linux',
      pv: '0.67',
      pr: 'r0',
      pkgarch: 'x86_64',
      sstateVersion: '14',
      unihash: 'ea9a1471370f70be3917e8d9f8912460a7adb2a017e92c68a3457c74acf272d3',
      task: 'populate_sysroot',
      compression: 'zst',
      truncated: false,
      sig: null,
    });
    expect((quilt.archive as { size: number }).size).toBe(215);
    expect(j.problems).toEqual([]);
  });

  it('exits 2 for a missing directory', async () => {
    const r = await runCli(['sstate', path.join(SSTATE, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `hashequiv sstate: ${path.join(SSTATE, 'nope')}: sstate directory does not exist\n`,
    );
  });

  it('exits 1 and lists the problems when the scan found some', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hei-sstate-cli-'));
    try {
      mkdirSync(path.join(root, 'ab'));
      writeFileSync(path.join(root, 'ab/sstate:zlib:oops.tar.zst'), '');
      const r = await runCli(['sstate', root]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "\nProblems: 1\n  ab/sstate:zlib:oops.tar.zst: BAD_FORMAT: not an sstate name: 3 ':'-separated fields, expected 8\n",
      );
      const j = (await runCli(['sstate', root, '--json'])).json<SstateJson>();
      expect(j.problems).toEqual([
        {
          path: 'ab/sstate:zlib:oops.tar.zst',
          code: 'BAD_FORMAT',
          message: "not an sstate name: 3 ':'-separated fields, expected 8",
        },
      ]);
      expect(j.summary).toMatchObject({ objects: 0, files: 1, ignoredFiles: 1, problems: 1 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
