import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/run-cli';
import { plantedScenario, type PlantedScenario } from '../../../helpers/two-builds';

let tmp: string;
let sc: PlantedScenario;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hei-cli-compare-'));
  sc = plantedScenario(tmp);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hashequiv compare', () => {
  it('finds every planted cause (text)', async () => {
    const r = await runCli(['compare', sc.dirA, sc.dirB]);
    expect(r.code).toBe(0);
    for (const p of sc.planted) expect(r.stdout).toContain(`  ${p.task} [`);
    expect(r.stdout).toContain('Root causes (4), widest first:');
    expect(r.stdout).toContain('home-path /home/alice/build/tmp/work (alice)');
    expect(r.stdout).toContain('Misses by kind: ');
    expect(r.stdout).toContain('base:do_populate_sysroot');
    expect(r.stdout).toContain('Only in A (3):');
  });

  it('--json is complete and stable', async () => {
    const j = (await runCli(['compare', sc.dirA, sc.dirB, '--json'])).json<{
      counts: Record<string, number>;
      causes: Array<{ root: { task: string; kinds: string[] }; affected: string[] }>;
    }>();
    expect(j.counts).toEqual({
      onlyA: 3,
      onlyB: 3,
      changed: 12,
      unchanged: 12,
      taskhashChanged: 0,
      unihashOnly: 1,
      bothChanged: 11,
    });
    expect(j.causes.map((c) => c.root.task).sort()).toEqual(sc.planted.map((p) => p.task).sort());
  });

  it('--limit must be a number; a missing build dir exits 2', async () => {
    expect((await runCli(['compare', sc.dirA, sc.dirB, '--limit', 'x'])).code).toBe(2);
    const r = await runCli(['compare', sc.dirA, path.join(tmp, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Build directory not found');
  });
});
