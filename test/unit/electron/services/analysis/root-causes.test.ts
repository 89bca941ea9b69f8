import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootCauseWalker, depKey } from '../../../../../electron/services/analysis/root-causes';
import { indexBuild } from '../../../../../electron/services/analysis/sig-index';
import { readSigFile } from '../../../../../electron/services/sources/siginfo/read-sig-file';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../helpers/paths';
import {
  plantedScenario,
  sigDataOf,
  writeTaskSig,
  type PlantedScenario,
} from '../../../../helpers/two-builds';

let tmp: string;
let sc: PlantedScenario;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hei-rootcause-'));
  sc = plantedScenario(tmp);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function walkerFor(dirA: string, dirB: string) {
  const a = await indexBuild(dirA, { reader: readSigFile });
  const b = await indexBuild(dirB, { reader: readSigFile });
  return { a, b, walker: new RootCauseWalker(a, b) };
}

describe('RootCauseWalker', () => {
  it('finds BOTH independent causes of app:do_compile, in different dependency branches', async () => {
    const { a, b, walker } = await walkerFor(sc.dirA, sc.dirB);
    const r = await walker.explain(
      'app:do_compile',
      (await a.current('app:do_compile'))!,
      (await b.current('app:do_compile'))!,
    );
    expect(r.roots.map((x) => x.task).sort()).toEqual(['libA:do_compile', 'libB:do_fetch']);
    const libA = r.roots.find((x) => x.task === 'libA:do_compile')!;
    expect(libA.kinds).toEqual(['variable']);
    expect(libA.diff?.variables.map((v) => [v.variable, v.a, v.b])).toEqual([
      [
        'CFLAGS_DEBUG',
        '-fdebug-prefix-map=/home/alice/build/tmp/work=/usr/src/debug',
        '-fdebug-prefix-map=/home/bob/build/tmp/work=/usr/src/debug',
      ],
    ]);
    const libB = r.roots.find((x) => x.task === 'libB:do_fetch')!;
    expect(libB.kinds).toEqual(['file']);
    expect(libB.diff?.files.changed.map((f) => f.file)).toEqual(['fix.patch']);
    expect(libB.hashA).toBe(sc.a.sigs.get('libB:do_fetch')!.sig.unihash);
    expect(libB.hashB).toBe(sc.b.sigs.get('libB:do_fetch')!.sig.unihash);
    expect(r.paths).toEqual(
      expect.arrayContaining([
        { root: 'libA:do_compile', path: ['app:do_compile', 'libA:do_populate_sysroot', 'libA:do_compile'] },
        {
          root: 'libB:do_fetch',
          path: ['app:do_compile', 'libB:do_populate_sysroot', 'libB:do_compile', 'libB:do_fetch'],
        },
      ]),
    );
    expect(r.missing).toEqual([]);
    expect(r.cycles).toEqual([]);
  });

  it('says exactly which sigdata is missing and still finds the other cause', async () => {
    const dirB = path.join(tmp, 'ci-missing');
    // A copy of B without any signature of libB:do_populate_sysroot (stamp sigdata and sstate siginfo).
    const { cpSync } = await import('node:fs');
    cpSync(sc.dirB, dirB, { recursive: true });
    const libB = sc.b.sigs.get('libB:do_populate_sysroot')!;
    rmSync(libB.sigdataPath.replace(sc.dirB, dirB));
    rmSync(libB.siginfoPath!.replace(sc.dirB, dirB));
    const { a, b, walker } = await walkerFor(sc.dirA, dirB);
    const r = await walker.explain(
      'app:do_compile',
      (await a.current('app:do_compile'))!,
      (await b.current('app:do_compile'))!,
    );
    const h = libB.sig.unihash!;
    expect(r.missing).toEqual([
      {
        task: 'libB:do_populate_sysroot',
        hash: h,
        side: 'b',
        neededBy: 'app:do_compile',
        expected: [
          `${sc.dirA}/tmp/stamps/*/libB/*.do_populate_sysroot.sigdata.${h}`,
          `${sc.dirA}/sstate-cache/**/sstate:libB:*:${h}_populate_sysroot.tar.zst.siginfo`,
          `${dirB}/tmp/stamps/*/libB/*.do_populate_sysroot.sigdata.${h}`,
          `${dirB}/sstate-cache/**/sstate:libB:*:${h}_populate_sysroot.tar.zst.siginfo`,
        ],
      },
    ]);
    expect(r.roots.map((x) => [x.task, x.kinds])).toEqual(
      expect.arrayContaining([
        ['libA:do_compile', ['variable']],
        ['libB:do_populate_sysroot', ['missing-sigdata']],
      ]),
    );
  });

  it('cuts and reports a dependency cycle in malformed input instead of hanging', async () => {
    const mk = (dir: string, hx: string, hy: string, v: string) => {
      const x = { pn: 'x', task: 'do_a', deps: ['y:do_b'], vars: { V: '1' }, unihash: hx };
      const y = { pn: 'y', task: 'do_b', deps: ['x:do_a'], vars: { V: v }, unihash: hy };
      writeTaskSig(dir, x, sigDataOf(x, new Map([['y:do_b', hy]])));
      writeTaskSig(dir, y, sigDataOf(y, new Map([['x:do_a', hx]])));
    };
    const ca = path.join(tmp, 'cycle-a');
    const cb = path.join(tmp, 'cycle-b');
    mk(ca, '1'.repeat(64), '2'.repeat(64), 'one');
    mk(cb, '3'.repeat(64), '4'.repeat(64), 'two');
    const { a, b, walker } = await walkerFor(ca, cb);
    const r = await walker.explain('x:do_a', (await a.current('x:do_a'))!, (await b.current('x:do_a'))!);
    expect(r.roots.map((x) => x.task)).toEqual(['y:do_b']);
    expect(r.cycles).toEqual([['x:do_a', 'y:do_b', 'x:do_a']]);
  });

  it('a taskhash change with no visible cause (tampered file) is an "unexplained" root', async () => {
    const t = { pn: 'z', task: 'do_x', deps: [], vars: { V: '1' } };
    const sa = sigDataOf(t, new Map());
    const sb = { ...sigDataOf(t, new Map()), taskhash: '5'.repeat(64), unihash: '5'.repeat(64) };
    const da = path.join(tmp, 'tamper-a');
    const db = path.join(tmp, 'tamper-b');
    writeTaskSig(da, t, sa);
    writeTaskSig(db, t, sb);
    const { a, b, walker } = await walkerFor(da, db);
    const r = await walker.explain('z:do_x', (await a.current('z:do_x'))!, (await b.current('z:do_x'))!);
    expect(r.roots.map((x) => [x.task, x.kinds])).toEqual([['z:do_x', ['unexplained']]]);
  });

  it('reports a corrupt signature file as missing with the read error, not a crash', async () => {
    const dirB = path.join(tmp, 'ci-corrupt');
    const { cpSync } = await import('node:fs');
    cpSync(sc.dirB, dirB, { recursive: true });
    const libA = sc.b.sigs.get('libA:do_populate_sysroot')!;
    writeFileSync(libA.sigdataPath.replace(sc.dirB, dirB), Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]));
    rmSync(libA.siginfoPath!.replace(sc.dirB, dirB));
    const { a, b, walker } = await walkerFor(sc.dirA, dirB);
    const r = await walker.explain(
      'app:do_compile',
      (await a.current('app:do_compile'))!,
      (await b.current('app:do_compile'))!,
    );
    expect(r.missing.map((m) => [m.task, m.side])).toEqual([['libA:do_populate_sysroot', 'b']]);
    expect(r.roots.map((x) => x.task)).toContain('libB:do_fetch');
  });
});

describe('RootCauseWalker on the real fixture build', () => {
  it('sstate siginfo of run 1 vs stamp sigdata of run 2 (zlib populate_sysroot): root is ZLIB_CFLAGS in do_compile', async () => {
    const idx = await indexBuild(FIXTURE_BUILDDIR, { reader: readSigFile });
    const h = 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913';
    const siginfo = await readSigFile(
      path.join(
        FIXTURES,
        'siginfo/modern',
        `sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:${h}_populate_sysroot.tar.zst.siginfo`,
      ),
    );
    const stamp = (await idx.current('zlib:do_populate_sysroot'))!;
    const r = await new RootCauseWalker(idx, idx).explain('zlib:do_populate_sysroot', siginfo, stamp);
    expect(r.roots.map((x) => [x.task, x.kinds, x.diff?.variables.map((v) => v.variable)])).toEqual([
      ['zlib:do_compile', ['variable'], ['ZLIB_CFLAGS']],
    ]);
    expect(r.paths).toEqual([
      { root: 'zlib:do_compile', path: ['zlib:do_populate_sysroot', 'zlib:do_install', 'zlib:do_compile'] },
    ]);
    expect(r.missing).toEqual([]);
  });
});

describe('depKey', () => {
  it('maps modern and legacy ids to index keys', () => {
    expect(depKey('mc:mc1:zlib:do_install')).toBe('mc:mc1:zlib:do_install');
    expect(depKey('/home/builder/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_configure')).toBe(
      'zlib:do_configure',
    );
    expect(depKey('virtual:native:/p/zlib_1.3.1.bb:do_compile')).toBe('zlib-native:do_compile');
    expect(depKey('mc:mc1:/p/zlib_1.3.1.bb:do_compile')).toBe('mc:mc1:zlib:do_compile');
  });
});
