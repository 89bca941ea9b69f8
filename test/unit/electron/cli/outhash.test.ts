import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, FIXTURE_BUILDDIR, VECTORS } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';
import { loadVectorCases, materialise, skipReason } from '../services/outhash/vectors';

const caseDir = (c: string): string => path.join(VECTORS, 'outhash', c);
const expectedOf = (c: string): { outhash: string; sig: string } => ({
  outhash: (JSON.parse(readFileSync(path.join(caseDir(c), 'expected.json'), 'utf8')) as { outhash: string })
    .outhash,
  sig: readFileSync(path.join(caseDir(c), 'expected.sig'), 'utf8'),
});
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const zlibTemp = path.join(FIXTURE_BUILDDIR, 'tmp/work/core2-64-poky-linux/zlib/1.3.1/temp');
const busyboxTemp = path.join(FIXTURE_BUILDDIR, 'tmp/work/core2-64-poky-linux/busybox/1.36.1/temp');
function fixtureArchive(hash: string): string {
  const sstate = path.join(FIXTURE_BUILDDIR, 'sstate-cache');
  const rel = readdirSync(sstate, { recursive: true, encoding: 'utf8' }).find(
    (f) => f.includes(hash) && f.endsWith('.tar.zst'),
  );
  return path.join(sstate, rel!);
}

describe('hashequiv outhash', () => {
  it('prints sigtext and outhash of a vector archive (--json), with flags for every input', async () => {
    const e = expectedOf('extra-sigdata');
    const m = JSON.parse(readFileSync(path.join(caseDir('extra-sigdata'), 'manifest.json'), 'utf8')) as {
      vars: Record<string, string>;
    };
    const r = await runCli([
      'outhash',
      path.join(caseDir('extra-sigdata'), 'tree.tar.zst'),
      '--task',
      'do_populate_sysroot',
      '--pkgspec',
      m.vars.SSTATE_PKGSPEC!,
      '--hash-version',
      '18.1',
      '--extra-sigdata',
      m.vars.HASHEQUIV_EXTRA_SIGDATA!,
      '--owners',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ outhash: e.outhash, sigtext: e.sig });
  });

  it('hashes a materialised directory with --filemap and --basepath (sysroot-basepath vector)', async () => {
    const c = loadVectorCases().find((x) => x.name === 'sysroot-basepath')!;
    const reason = skipReason(c);
    if (reason) return console.warn(reason);
    const { top, cleanup } = materialise(c);
    cleanups.push(cleanup);
    const r = await runCli([
      'outhash',
      top,
      '--task',
      c.call.task,
      '--pkgspec',
      c.vars.SSTATE_PKGSPEC!,
      '--basepath',
      c.call.path!,
      '--no-owners',
      ...c.vars.SSTATE_HASHEQUIV_FILEMAP!.split(' ').flatMap((f) => ['--filemap', f]),
    ]);
    expect(r.stdout).toBe(c.expectedOuthash + '\n');
  });

  it('an empty --hash-version means unset; --format 2019-original selects the first format', async () => {
    const c = loadVectorCases().find((x) => x.name === '2019-basic')!;
    const r = await runCli([
      'outhash',
      path.join(c.dir, 'tree.tar.zst'),
      '--task',
      'populate_sysroot',
      '--pkgspec',
      c.vars.SSTATE_PKGSPEC!,
      '--hash-version',
      '',
      '--format',
      '2019-original',
    ]);
    expect(r.stdout).toBe(c.expectedOuthash + '\n');
  });

  it('takes task and pkgspec from a fixture archive name and the rest from its depsig file', async () => {
    const r = await runCli([
      'outhash',
      fixtureArchive('99076485859eb151a32dbbca9c678d7231e38354284254daff42d38fe7aec641'),
    ]);
    expect(r.code).toBe(0);
    // hashserv.db records cc99a0aa... for this zlib do_package taskhash.
    expect(r.stdout).toBe('cc99a0aa5d30d44f165e7f9222cd61276e122b212969cb0e23c44dd875842a60\n');
    expect(r.stderr).toContain('using values from');
  });

  it('bad usage and bad input: exit 2 with one clear line', async () => {
    const dir = caseDir('basic-modes');
    const r1 = await runCli(['outhash', dir]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/task is unknown: pass --task/);
    const r2 = await runCli([
      'outhash',
      path.join(dir, 'tree.tar.zst'),
      '--task',
      'package',
      '--pkgspec',
      'x',
    ]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/SOURCE_DATE_EPOCH must be a number/);
    const r3 = await runCli([
      'outhash',
      path.join(dir, 'tree.tar.zst'),
      '--task',
      'x',
      '--format',
      'sumo',
      '--json',
    ]);
    expect(r3.code).toBe(2);
    expect(JSON.parse(r3.stderr)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    // Both commands parse the input flags alike: conflicts, unknown flags and the number of inputs.
    for (const cmd of [
      ['outhash', dir],
      ['outhash-diff', dir, dir],
    ]) {
      const c = await runCli([...cmd, '--owners', '--no-owners']);
      expect(c.code).toBe(2);
      expect(c.stderr).toContain('--owners and --no-owners exclude each other');
      expect((await runCli([...cmd, '--colour'])).stderr).toContain("Unknown option '--colour'");
    }
    expect((await runCli(['outhash-diff', dir])).stderr).toContain('expected two inputs A and B');
  });

  it('--help lists the defaults per task', async () => {
    const r = await runCli(['outhash', '--help']);
    expect(r.stdout).toMatch(/Default: on for\s+package and image tasks/);
    expect(r.stdout).toMatch(/Only read for task package, where it is required/);
  });
});

describe('hashequiv outhash-diff', () => {
  it('two runs of busybox populate_sysroot: one symlink added (--json)', async () => {
    const r = await runCli([
      'outhash-diff',
      path.join(busyboxTemp, 'depsig.do_populate_sysroot.29210'),
      path.join(busyboxTemp, 'depsig.do_populate_sysroot.30554'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    const j = r.json<{
      identical: boolean;
      added: { path: string }[];
      removed: unknown[];
      changed: unknown[];
      a: { outhash: string };
    }>();
    expect(j.identical).toBe(false);
    expect(j.a.outhash).toBe('a65f10e6f66f312eb01a2df6901c1c270997e3f6c16df51c73a4669e9737b994');
    expect(j.added.map((e) => e.path)).toEqual(['./sysroot-destdir/bin/vi']);
    expect(j.removed).toEqual([]);
    expect(j.changed).toEqual([]);
  });

  it('an archive against its own depsig file is identical (exit 0)', async () => {
    const r = await runCli([
      'outhash-diff',
      fixtureArchive('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913'),
      path.join(zlibTemp, 'depsig.do_populate_sysroot'),
    ]);
    expect(r.stdout).toContain('identical');
    expect(r.code).toBe(0);
  });

  it('zlib core2-64 vs cortexa57 do_package archives: only the pkgspec header differs', async () => {
    const r = await runCli([
      'outhash-diff',
      fixtureArchive('99076485859eb151a32dbbca9c678d7231e38354284254daff42d38fe7aec641'),
      fixtureArchive('9e8bbe54d0ee921fd03e587c82c35c94a356bc15f643944d2084836c7d6b26a2'),
      '--json',
    ]);
    const j = r.json<{ header: { field: string }[]; changed: unknown[]; unchanged: number }>();
    expect(r.code).toBe(1);
    expect(j.header.map((h) => h.field)).toEqual(['pkgspec']);
    expect(j.changed).toEqual([]);
    expect(j.unchanged).toBe(26);
  });
});

describe('hashequiv outhash from the esbuild bundle (worker threads from eval source)', () => {
  it('computes a vector outhash via bin/hashequiv.js', () => {
    execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: REPO_ROOT, stdio: 'pipe' });
    expect(existsSync(path.join(REPO_ROOT, 'dist/cli/hashequiv.js'))).toBe(true);
    const c = loadVectorCases().find((x) => x.name === 'file-sizes')!;
    const r = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin/hashequiv.js'),
        'outhash',
        path.join(c.dir, 'tree.tar.zst'),
        '--task',
        'populate_sysroot',
        '--pkgspec',
        c.vars.SSTATE_PKGSPEC!,
        '--no-owners',
      ],
      { encoding: 'utf8' },
    );
    // Nothing on stderr: not even node:sqlite's ExperimentalWarning (bin.ts filters exactly that one).
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(c.expectedOuthash + '\n');
    const reason = skipReason(c);
    if (reason) return console.warn(reason);
    const { top, cleanup } = materialise(c);
    cleanups.push(cleanup);
    const d = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin/hashequiv.js'),
        'outhash',
        top,
        '--task',
        'populate_sysroot',
        '--pkgspec',
        c.vars.SSTATE_PKGSPEC!,
        '--no-owners',
      ],
      { encoding: 'utf8' },
    );
    expect(d.stderr).toBe('');
    expect(d.stdout).toBe(c.expectedOuthash + '\n');
  }, 60_000);
});
