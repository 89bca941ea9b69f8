import { cpSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectorError } from '../../../../../../shared/model/errors';
import type { BuildDiscovery } from '../../../../../../shared/model/sources';
import {
  classifyFile,
  discoverBuild,
  localSstateMirrors,
} from '../../../../../../electron/services/sources/discovery';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../../helpers/paths';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

/** kind + path relative to the root + counts, sorted: what a user would see listed. */
function listing(d: BuildDiscovery, base: string): string[] {
  return d.sources
    .map(
      (s) =>
        `${s.kind} ${path.relative(base, s.path)} ${s.status} ${s.mc ?? '-'} ${JSON.stringify(s.counts ?? {})}`,
    )
    .sort();
}

const EXPECTED = [
  'conf conf/local.conf ok - {"assignments":3}',
  'depsig tmp-mc1/work ok mc1 {"depsig":5,"files":7}',
  'depsig tmp/work ok  {"depsig":30,"files":39}',
  'hashserv-db cache/hashserv.db ok - {"unihashes":46,"outhashes":46,"distinctUnihashes":36}',
  'sstate-dir sstate-cache ok - {"archives":36,"siginfo":36}',
  'stamps-dir tmp-mc1/stamps ok mc1 {"stamp":13,"setscene":2,"sigdata":15,"sigbasedata":0,"taint":0}',
  'stamps-dir tmp/stamps ok  {"stamp":86,"setscene":4,"sigdata":98,"sigbasedata":0,"taint":0}',
  'unihash-cache cache/bb_unihashes.dat ok - {"entries":35,"remapped":10}',
];

describe('discoverBuild on the fixture build dir', () => {
  it('finds the root, the conf, mc1 and every source with counts', async () => {
    const d = await discoverBuild(FIXTURE_BUILDDIR);
    expect(d.root).toBe(FIXTURE_BUILDDIR);
    expect(d.rootEvidence).toBe('conf/local.conf');
    expect(d.warnings).toEqual([]);
    expect(d.paths).toEqual({
      topdir: FIXTURE_BUILDDIR,
      tmpdir: path.join(FIXTURE_BUILDDIR, 'tmp'),
      persistentDir: path.join(FIXTURE_BUILDDIR, 'cache'),
      sstateDir: path.join(FIXTURE_BUILDDIR, 'sstate-cache'),
    });
    expect(d.conf.values.BBMULTICONFIG).toBe('mc1');
    expect(d.multiconfigs.map((m) => [m.name, m.tmpdir, m.confFile])).toEqual([
      ['mc1', path.join(FIXTURE_BUILDDIR, 'tmp-mc1'), undefined],
    ]);
    expect(listing(d, FIXTURE_BUILDDIR)).toEqual(EXPECTED);
    const db = d.sources.find((s) => s.kind === 'hashserv-db');
    expect(db?.detected).toEqual({ schema: 'v3', release: 'BitBake >= 2.8', journal: 'wal' });
    expect(d.sources.find((s) => s.kind === 'unihash-cache')?.detected?.version).toBe('3');
    // Plain data: survives JSON (IPC, HTTP, CLI --json) unchanged.
    expect(JSON.parse(JSON.stringify(d))).toStrictEqual(d);
  });

  for (const sub of [
    'tmp',
    'cache',
    'sstate-cache/universal/62',
    'conf',
    'tmp-mc1/work/cortexa57-poky-linux',
  ]) {
    it(`finds the same build from ${sub}/`, async () => {
      const d = await discoverBuild(path.join(FIXTURE_BUILDDIR, sub));
      expect(d.root).toBe(FIXTURE_BUILDDIR);
      expect(listing(d, FIXTURE_BUILDDIR)).toEqual(EXPECTED);
    });
  }

  it('finds the build from one file inside it and lists that file too', async () => {
    const sig = path.join(
      FIXTURE_BUILDDIR,
      'tmp/stamps/core2-64-poky-linux/zlib/1.3.1.do_populate_sysroot.sigdata.ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    );
    const d = await discoverBuild(sig);
    expect(d.root).toBe(FIXTURE_BUILDDIR);
    expect(listing(d, FIXTURE_BUILDDIR)).toHaveLength(EXPECTED.length + 1);
    expect(d.sources.at(-1)).toMatchObject({ kind: 'sig-file', path: sig, status: 'ok' });
  });

  it('rejects a path that does not exist', async () => {
    await expect(discoverBuild(path.join(FIXTURE_BUILDDIR, 'nope'))).rejects.toBeInstanceOf(InspectorError);
  });
});

describe('discoverBuild outside a build dir and on altered copies', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTemp();
  });
  afterAll(() => rmTemp(tmp));

  it('describes a lone cache dir, a lone sstate dir and single files', async () => {
    const cache = path.join(tmp, 'lone', 'cache');
    mkdirSync(path.dirname(cache));
    cpSync(path.join(FIXTURE_BUILDDIR, 'cache'), cache, {
      recursive: true,
      filter: (s) => !/-(wal|shm)$/.test(s),
    });
    const d = await discoverBuild(cache);
    expect(d.root).toBeNull();
    expect(listing(d, cache)).toEqual([
      'hashserv-db hashserv.db ok - {"unihashes":46,"outhashes":46,"distinctUnihashes":36}',
      'unihash-cache bb_unihashes.dat ok - {"entries":35,"remapped":10}',
    ]);
    const sstate = path.join(tmp, 'lone', 'sstate');
    cpSync(path.join(FIXTURE_BUILDDIR, 'sstate-cache'), sstate, { recursive: true });
    expect(listing(await discoverBuild(sstate), sstate)).toEqual([
      'sstate-dir  ok - {"archives":36,"siginfo":36}',
    ]);
    const persist = path.join(tmp, 'lone', 'old.sqlite3');
    cpSync(path.join(FIXTURES, 'bb_persist_data.sqlite3'), persist);
    expect(listing(await discoverBuild(persist), tmp)).toEqual([
      'persist-data lone/old.sqlite3 ok - {"unihashCache":21,"headrevs":3,"other":0}',
    ]);
    expect(classifyFile(path.join(FIXTURES, 'eventlog', 'run1.json'))).toBe('eventlog');
  });

  it('follows conf: multiconfig TMPDIR, SSTATE_DIR elsewhere, local mirrors, event logs', async () => {
    const b = path.join(tmp, 'build');
    cpSync(FIXTURE_BUILDDIR, b, { recursive: true, filter: (s) => !/-(wal|shm)$/.test(s) });
    const shared = path.join(tmp, 'shared-sstate');
    cpSync(path.join(b, 'sstate-cache'), shared, { recursive: true });
    rmSync(path.join(b, 'sstate-cache'), { recursive: true });
    const mirror = path.join(tmp, 'mirror');
    mkdirSync(path.join(mirror, 'ab'), { recursive: true });
    writeFileSync(path.join(mirror, 'ab', 'sstate:x::1:r0::14:ab_fetch.tar.zst.siginfo'), '');
    cpSync(path.join(b, 'tmp-mc1'), path.join(b, 'tmp-arm'), { recursive: true });
    rmSync(path.join(b, 'tmp-mc1'), { recursive: true });
    mkdirSync(path.join(b, 'conf', 'multiconfig'));
    writeFileSync(
      path.join(b, 'conf', 'multiconfig', 'mc1.conf'),
      'MACHINE = "qemuarm64"\nTMPDIR = "${TOPDIR}/tmp-arm"\n',
    );
    writeFileSync(
      path.join(b, 'conf', 'site.conf'),
      `SSTATE_DIR ?= "${shared}"\nSSTATE_MIRRORS = "file://.* file://${mirror}/PATH"\nBB_HASHSERVE = "auto"\n`,
    );
    mkdirSync(path.join(b, 'tmp', 'log', 'eventlog'), { recursive: true });
    cpSync(
      path.join(FIXTURES, 'eventlog', 'run1.json'),
      path.join(b, 'tmp', 'log', 'eventlog', '20261125083645.json'),
    );
    const d = await discoverBuild(b);
    expect(d.paths.sstateDir).toBe(shared);
    expect(d.paths.hashserve).toBe('auto');
    expect(d.multiconfigs[0]).toMatchObject({ name: 'mc1', tmpdir: path.join(b, 'tmp-arm') });
    expect(d.multiconfigs[0]?.variables.values.MACHINE).toBe('qemuarm64');
    const l = listing(d, tmp);
    expect(l).toContain('sstate-dir shared-sstate ok - {"archives":36,"siginfo":36}');
    expect(l).toContain('sstate-dir mirror ok - {"archives":0,"siginfo":1}');
    expect(l).toContain(
      'stamps-dir build/tmp-arm/stamps ok mc1 {"stamp":13,"setscene":2,"sigdata":15,"sigbasedata":0,"taint":0}',
    );
    expect(l).toContain('conf build/conf/multiconfig/mc1.conf ok mc1 {"assignments":2}');
    expect(
      l.filter((x) => x.startsWith('eventlog build/tmp/log/eventlog/20261125083645.json ok ')),
    ).toHaveLength(1);
    expect(
      localSstateMirrors(
        'file://.* file:///a/PATH file://.* http://x/PATH file://.* file:///b/PATH;downloadfilename=PATH',
      ),
    ).toEqual(['/a', '/b']);
  });

  it('marks broken sources as errors, keeps the rest, and survives symlink loops', async () => {
    const b = path.join(tmp, 'broken');
    cpSync(FIXTURE_BUILDDIR, b, { recursive: true, filter: (s) => !/-(wal|shm)$/.test(s) });
    truncateSync(path.join(b, 'cache', 'bb_unihashes.dat'), 1000);
    writeFileSync(path.join(b, 'cache', 'hashserv.db'), 'SQLite format 3\0 but not really');
    symlinkSync('..', path.join(b, 'tmp', 'stamps', 'core2-64-poky-linux', 'loop'));
    symlinkSync('/', path.join(b, 'tmp', 'work', 'root'));
    symlinkSync(b, path.join(b, 'sstate-cache', 'self'));
    const d = await discoverBuild(b);
    const byKind = (k: string): BuildDiscovery['sources'][number] | undefined =>
      d.sources.find((s) => s.kind === k);
    expect(byKind('unihash-cache')).toMatchObject({ status: 'error', error: { code: 'TRUNCATED' } });
    expect(byKind('unihash-cache')?.error?.message).toContain('not atomically');
    expect(byKind('hashserv-db')).toMatchObject({ status: 'error', error: { code: 'TRUNCATED' } });
    expect(byKind('stamps-dir')).toMatchObject({ status: 'ok', counts: { stamp: 86 } });
    expect(
      d.warnings.filter((w) => w.code === 'UNSUPPORTED').map((w) => path.relative(b, w.where?.file ?? '')),
    ).toEqual(['tmp/stamps/core2-64-poky-linux/loop']);
  });
});
