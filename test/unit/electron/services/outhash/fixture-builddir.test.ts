import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeOuthashFromArchive,
  findDepsigsForArchive,
  inputsFromSigFile,
  parseSstateArchiveName,
  recordedOuthashes,
  verifyOuthash,
} from '../../../../../electron/services/outhash/index';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

function archives(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.tar.zst'))
    .map((f) => path.join(dir, f))
    .sort();
}

const SSTATE = path.join(FIXTURE_BUILDDIR, 'sstate-cache');
const HASHSERV = path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db');
const BUSYBOX_TEMP = path.join(FIXTURE_BUILDDIR, 'tmp/work/core2-64-poky-linux/busybox/1.36.1/temp');
const busyboxRun1 = (): string =>
  archives(SSTATE).find((a) =>
    a.includes('518f574a81a62c59b4be19bb6f199e297e17c1cee69e04feb61d479171863cfb_populate_sysroot'),
  )!;

describe('real build: sstate archives against their depsig files and hashserv.db', () => {
  it('recomputes all 36 archives of the fixture build exactly as the build hashed them', async () => {
    const all = archives(SSTATE);
    expect(all).toHaveLength(36);
    // What this code reads (cache/ is left out: other suites open hashserv.db concurrently).
    const watched = ['sstate-cache', 'tmp', 'tmp-mc1'].map((d) => path.join(FIXTURE_BUILDDIR, d));
    const before = watched.map(snapshotTree);
    let matchedServer = 0;
    for (const a of all) {
      const name = parseSstateArchiveName(a)!;
      const depsigs = findDepsigsForArchive(a);
      expect(depsigs.length, a).toBeGreaterThan(0);
      const texts = depsigs.map((d) => inputsFromSigFile(d));
      const r = await computeOuthashFromArchive(a, {
        ...texts[0]!.values,
        task: name.task,
        pkgspec: name.pkgspec,
        filemap: null,
      } as never);
      // One run of the task produced this archive: its depsig file is byte-identical to our sigtext.
      expect(
        texts.some((t) => t.sigtext === r.sigtext),
        a,
      ).toBe(true);
      const recorded = recordedOuthashes(HASHSERV, name.hash);
      if (recorded.length > 0) {
        expect(recorded.map((x) => x.outhash)).toContain(r.outhash);
        matchedServer++;
      }
    }
    // 33 of the objects were reported to the auto-started server (the rest predate the db copy).
    expect(matchedServer).toBeGreaterThan(20);
    expect(watched.map(snapshotTree)).toEqual(before);
  });

  it('verify: zlib populate_sysroot matches hashserv.db (66ad500d...) and its depsig file', async () => {
    const a = archives(SSTATE).find((x) =>
      x.includes('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913'),
    )!;
    const [rec] = recordedOuthashes(
      HASHSERV,
      'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    );
    expect(rec?.outhash).toBe('66ad500def6f9195af0898501159dda255aeaad8e93789ae62886373e44fb18b');
    const v = await verifyOuthash({
      archivePath: a,
      recordedOuthash: rec!.outhash,
      depsigPath: path.join(
        FIXTURE_BUILDDIR,
        'tmp/work/core2-64-poky-linux/zlib/1.3.1/temp/depsig.do_populate_sysroot',
      ),
    });
    expect(v.status).toBe('match');
    expect(v.computed.outhash).toBe('66ad500def6f9195af0898501159dda255aeaad8e93789ae62886373e44fb18b');
    expect(v.diff?.identical).toBe(true);
    expect(v.params).toMatchObject({ task: 'populate_sysroot', hashVersion: '18', underPseudo: false });
  });

  it('verify: busybox run-1 archive against the run-2 depsig reports the one added symlink', async () => {
    const v = await verifyOuthash({
      archivePath: busyboxRun1(),
      depsigPath: path.join(BUSYBOX_TEMP, 'depsig.do_populate_sysroot.30554'),
    });
    expect(v.status).toBe('mismatch');
    expect(v.computed.outhash).toBe('a65f10e6f66f312eb01a2df6901c1c270997e3f6c16df51c73a4669e9737b994');
    expect(v.recorded.depsigOuthash).toBe('3bfe1cc6b41c17bc124c58136d1c270e61ab73b490640c0526f2bf5c5a6f9b3f');
    expect(v.diff?.added.map((e) => [e.path, e.type, e.linkTarget])).toEqual([
      ['./sysroot-destdir/bin/vi', 'l', 'busybox.nosuid'],
    ]);
    expect(v.diff?.removed).toEqual([]);
    expect(v.diff?.changed).toEqual([]);
    expect(v.diff?.header).toEqual([]);
  });

  it('verify: a wrong recorded outhash is a mismatch; nothing to compare with is an error', async () => {
    const v = await verifyOuthash({ archivePath: busyboxRun1(), recordedOuthash: '0'.repeat(64) });
    expect(v.status).toBe('mismatch');
    expect(v.computed.outhash).toBe('a65f10e6f66f312eb01a2df6901c1c270997e3f6c16df51c73a4669e9737b994');
    await expect(verifyOuthash({ archivePath: busyboxRun1() })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('offers the values of a depsig file and a siginfo', () => {
    const d = inputsFromSigFile(path.join(BUSYBOX_TEMP, 'depsig.do_package'));
    expect(d.values).toMatchObject({
      task: 'package',
      hashVersion: '18',
      pkgspec: 'sstate:busybox:core2-64-poky-linux:1.36.1:r0:core2-64:14:',
      underPseudo: false,
      sourceDateEpoch: '1700000000',
    });
    const s = inputsFromSigFile(`${busyboxRun1()}.siginfo`);
    expect(s.kind).toBe('siginfo');
    expect(s.values.task).toBe('populate_sysroot');
  });
});
