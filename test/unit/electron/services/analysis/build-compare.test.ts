import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBuilds, type BuildComparison } from '../../../../../electron/services/analysis/build-compare';
import { readSigFile } from '../../../../../electron/services/sources/siginfo/read-sig-file';
import { plantedScenario, type PlantedScenario } from '../../../../helpers/two-builds';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

let tmp: string;
let sc: PlantedScenario;
let cmp: BuildComparison;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hei-compare-'));
  sc = plantedScenario(tmp);
  cmp = await compareBuilds(sc.dirA, sc.dirB, { reader: readSigFile });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const row = (task: string) => [...cmp.changed, ...cmp.unchanged].find((r) => r.task === task)!;

describe('compareBuilds on the planted two builds', () => {
  it('matches tasks by (multiconfig, recipe, task) and counts every class', () => {
    expect(cmp.onlyA).toEqual(['old:do_compile', 'old:do_fetch', 'old:do_populate_sysroot']);
    expect(cmp.onlyB).toEqual(['new:do_compile', 'new:do_fetch', 'new:do_populate_sysroot']);
    expect(cmp.changed.map((c) => c.task).sort()).toEqual([
      'app:do_compile',
      'app:do_populate_sysroot',
      'eq:do_populate_sysroot',
      'libA:do_compile',
      'libA:do_populate_sysroot',
      'libB:do_compile',
      'libB:do_fetch',
      'libB:do_populate_sysroot',
      'tool:do_compile',
      'tool:do_populate_sysroot',
      'user:do_compile',
      'user:do_populate_sysroot',
    ]);
    expect(cmp.counts).toEqual({
      onlyA: 3,
      onlyB: 3,
      changed: 12,
      unchanged: 12,
      taskhashChanged: 0,
      unihashOnly: 1,
      bothChanged: 11,
    });
    // mc1's base is its own task, unchanged.
    expect(row('mc:mc1:base:do_compile').status).toBe('unchanged');
  });

  it('classifies every miss', () => {
    expect(row('libA:do_compile').miss).toEqual(['variable']);
    expect(row('libB:do_fetch').miss).toEqual(['file-checksum']);
    expect(row('tool:do_compile').miss).toEqual(['taint']);
    expect(row('app:do_compile').miss).toEqual(['dependency-only']);
    expect(row('user:do_compile')).toMatchObject({
      miss: ['dependency-only'],
      roots: ['eq:do_populate_sysroot'],
    });
    expect(row('eq:do_populate_sysroot')).toMatchObject({ change: 'unihash', miss: ['unihash-only'] });
    expect(row('base:do_populate_sysroot')).toMatchObject({
      status: 'unchanged',
      miss: ['no-sstate-object'],
      sstate: { a: true, b: false },
    });
    expect(row('base:do_compile').miss).toEqual([]);
  });

  it('groups changed tasks by root cause, the widest first, with the leak named', () => {
    expect(cmp.causes.map((c) => [c.root.task, c.root.kinds, c.affected.length])).toEqual([
      ['libB:do_fetch', ['file'], 5],
      ['libA:do_compile', ['variable'], 4],
      ['eq:do_populate_sysroot', ['unihash-only'], 3],
      ['tool:do_compile', ['taint'], 2],
    ]);
    expect(cmp.causes[0]!.affected).toEqual([
      'app:do_compile',
      'app:do_populate_sysroot',
      'libB:do_compile',
      'libB:do_fetch',
      'libB:do_populate_sysroot',
    ]);
    const libA = cmp.causes[1]!;
    expect(libA.leaks.map((l) => [l.kind, l.match, l.detail])).toEqual([
      ['home-path', '/home/alice/build/tmp/work', 'alice'],
      ['home-path', '/home/bob/build/tmp/work', 'bob'],
    ]);
    expect(row('app:do_compile').roots?.sort()).toEqual(['libA:do_compile', 'libB:do_fetch']);
    expect(cmp.missing).toEqual([]);
    expect(cmp.problems).toEqual([]);
  });

  it('a corrupt current signature: the task is a missing-sigdata miss and the file is named', async () => {
    const dirB = path.join(tmp, 'ci-corrupt');
    cpSync(sc.dirB, dirB, { recursive: true });
    const tool = sc.b.sigs.get('tool:do_fetch')!;
    const bad = tool.sigdataPath.replace(sc.dirB, dirB);
    writeFileSync(bad, 'not a sig file');
    const c = await compareBuilds(sc.dirA, dirB, { reader: readSigFile });
    const row =
      c.unchanged.find((r) => r.task === 'tool:do_fetch') ??
      c.changed.find((r) => r.task === 'tool:do_fetch');
    // Stamps agree on the hash, so it still counts as unchanged; the unreadable file is reported.
    expect(row?.status).toBe('unchanged');
    expect(c.problems.map((p) => p.where?.file)).toContain(bad);
    expect(c.problems.find((p) => p.where?.file === bad)?.code).toBe('BAD_FORMAT');
    // The rest of the comparison is intact.
    expect(c.causes.map((g) => g.root.task).sort()).toEqual(sc.planted.map((p) => p.task).sort());
  });

  it('writes nothing into either build directory', async () => {
    const before = [snapshotTree(sc.dirA), snapshotTree(sc.dirB)];
    await compareBuilds(sc.dirA, sc.dirB, { reader: readSigFile });
    expect([snapshotTree(sc.dirA), snapshotTree(sc.dirB)]).toEqual(before);
  });
});
