import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../../../../shared/model/progress';
import { InspectorError } from '../../../../../../shared/model/errors';
import {
  classifyDir,
  scanSstateDir,
} from '../../../../../../electron/services/sources/sstate/scan-sstate-dir';
import {
  chooseScanFs,
  nodeScanFs,
  type ScanFs,
} from '../../../../../../electron/services/sources/sstate/scan-fs';
import { indexSstateObjects } from '../../../../../../electron/services/sources/sstate/sstate-lookup';
import { summarizeSstateScan } from '../../../../../../electron/services/sources/sstate/sstate-summary';
import { FIXTURE_BUILDDIR } from '../../../../../helpers/paths';
import { snapshotTree } from '../../../../../helpers/tree-snapshot';

const FIXTURE_SSTATE = path.join(FIXTURE_BUILDDIR, 'sstate-cache');
const H1 = 'ab' + 'cd' + '0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
const H2 = 'ef01' + '23456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';
const H3 = '99aa' + '0'.repeat(60);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'hei-sstate-'));
  temps.push(d);
  return d;
}

function touch(root: string, rel: string, content = ''): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

async function expectError(p: Promise<unknown>, code: string): Promise<InspectorError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InspectorError);
  expect((err as InspectorError).code).toBe(code);
  return err as InspectorError;
}

describe('scanSstateDir on the fixture sstate cache', () => {
  it('finds 36 objects, each with its archive and siginfo, and changes nothing', async () => {
    const before = snapshotTree(FIXTURE_SSTATE);
    const scan = await scanSstateDir(FIXTURE_SSTATE);
    expect(snapshotTree(FIXTURE_SSTATE)).toEqual(before);
    expect(scan.objects).toHaveLength(36);
    expect(scan.filesSeen).toBe(72);
    expect(scan.ignoredFiles).toBe(0);
    expect(scan.problems).toEqual([]);
    expect(scan.objects.every((o) => o.archive && o.siginfo && !o.sig && o.layout === 'two-level')).toBe(
      true,
    );
    const s = summarizeSstateScan(scan);
    expect(s.byTask).toEqual({
      deploy: 1,
      package: 7,
      package_write_ipk: 6,
      packagedata: 6,
      populate_lic: 7,
      populate_sysroot: 9,
    });
    expect(s.byArch).toEqual({ '': 7, 'core2-64': 18, cortexa57: 4, qemux86_64: 5, x86_64: 2 });
    expect(s.byExtraPath).toEqual({ '': 34, universal: 2 });
  });

  it('puts the native recipes under the universal/ extra path with their sizes', async () => {
    const scan = await scanSstateDir(FIXTURE_SSTATE);
    const natives = scan.objects.filter((o) => o.extraPath === 'universal');
    expect(natives.map((o) => [o.dir, o.name.pn, o.name.task, o.archive?.size, o.siginfo?.size])).toEqual([
      ['universal/62/a3', 'zlib-native', 'populate_sysroot', 387, 2238],
      ['universal/ea/9a', 'quilt-native', 'populate_sysroot', 215, 2255],
    ]);
    expect(natives[0]!.archive!.relPath).toBe(
      'universal/62/a3/sstate:zlib-native:x86_64-linux:1.3.1:r0:x86_64:14:62a3c99a8a4428f82f4cbc4d5b86fde5b22b90b0ccca6675034329f64e889acb_populate_sysroot.tar.zst',
    );
    expect(natives[0]!.archive!.mtimeMs).toBeGreaterThan(0);
  });

  it('gives the same result with direct system calls and with the thread pool', async () => {
    const sync = await scanSstateDir(FIXTURE_SSTATE, { io: 'sync' });
    const pooled = await scanSstateDir(FIXTURE_SSTATE, { io: 'async', concurrency: 8 });
    expect(pooled).toEqual(sync);
    expect(sync.objects).toHaveLength(36);
    expect(await chooseScanFs(os.tmpdir())).toMatchObject({ mode: 'sync' });
  });

  it('reports progress, ending with the number of files seen', async () => {
    const events: Progress[] = [];
    await scanSstateDir(FIXTURE_SSTATE, { onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.phase === 'scan')).toBe(true);
    expect(events.at(-1)).toEqual({ phase: 'scan', done: 72, current: '.' });
  });

  it('looks objects up by unihash and by recipe and task', async () => {
    const idx = indexSstateObjects((await scanSstateDir(FIXTURE_SSTATE)).objects);
    const hit = idx.byUnihash('EC9E112E2AA04A4C1E30CD2945B90ADF64D6BEAD1C3D122C4E488060647ED913');
    expect(hit.map((o) => `${o.dir} ${o.name.pn} ${o.name.archspec} ${o.name.task}`)).toEqual([
      'ec/9e zlib core2-64-poky-linux populate_sysroot',
    ]);
    expect(idx.byPnTask('zlib', 'do_populate_sysroot').map((o) => o.name.pkgarch)).toEqual([
      'cortexa57',
      'core2-64',
    ]);
    expect(idx.byPnTask('zlib', 'populate_lic')).toHaveLength(1);
    expect(idx.byPnTask('zlib')).toHaveLength(9);
    expect(idx.byUnihash('0'.repeat(64))).toEqual([]);
  });
});

describe('scanSstateDir on other layouts', () => {
  it('reads one-level, flat and distro extra-path layouts, .tgz, .sig, siginfo-only objects; skips temp names', async () => {
    const root = tempDir();
    const spec = 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:';
    touch(root, `ab/cd/${spec}${H1}_package.tar.zst`, 'archive');
    touch(root, `ab/cd/${spec}${H1}_package.tar.zst.siginfo`, 'si');
    touch(root, `ab/cd/${spec}${H1}_package.tar.zst.sig`, 'sg');
    touch(root, `ab/cd/${spec}${H1}_package.tar.zstX7rT0aQ1`, 'temp'); // in-progress temp name
    // 2012–2019: one level, .tgz
    touch(root, `ef/sstate:zlib:i586-poky-linux:1.2.11:r0:i586:3:${H2}_populate_sysroot.tgz`, 'tgz!');
    touch(root, `ef/sstate:zlib:i586-poky-linux:1.2.11:r0:i586:3:${H2}_populate_sysroot.tgz.siginfo`);
    // host distro id as NATIVELSBSTRING, two-level; siginfo without archive
    touch(
      root,
      `ubuntu-22.04/99/aa/sstate:quilt-native:x86_64-linux:0.67:r0:x86_64:12:${H3}_populate_sysroot.tar.zst.siginfo`,
    );
    // flat mirror copy
    touch(root, `mirror/sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`);
    touch(root, 'README.txt');
    const before = snapshotTree(root);

    const scan = await scanSstateDir(root);
    expect(snapshotTree(root)).toEqual(before);
    expect(scan.problems).toEqual([]);
    expect(scan.filesSeen).toBe(9);
    expect(scan.ignoredFiles).toBe(2);
    const rows = scan.objects.map((o) => [
      o.dir,
      o.layout,
      o.extraPath,
      o.name.pn,
      o.name.task,
      o.compression,
      o.archive?.size ?? null,
      o.siginfo?.size ?? null,
      o.sig?.size ?? null,
    ]);
    expect(rows).toEqual([
      ['ab/cd', 'two-level', '', 'zlib', 'package', 'zst', 7, 2, 2],
      ['ef', 'one-level', '', 'zlib', 'populate_sysroot', 'tgz', 4, 0, null],
      ['mirror', 'flat', 'mirror', 'zlib', 'populate_lic', 'zst', 0, null, null],
      [
        'ubuntu-22.04/99/aa',
        'two-level',
        'ubuntu-22.04',
        'quilt-native',
        'populate_sysroot',
        'zst',
        null,
        0,
        null,
      ],
    ]);
    expect(scan.objects[3]!.name.kind).toBe('siginfo');
    expect(summarizeSstateScan(scan)).toMatchObject({
      objects: 4,
      archives: 3,
      siginfos: 3,
      sigs: 1,
      withoutArchive: 1,
    });
  });

  it('groups a shortened archive name with its siginfo and flags it', async () => {
    const root = tempDir();
    const short = `sstate:linux-yocto:qemux86_64-poky-linux:6.6.23+gitAUTOINC+${'d'.repeat(22)}:r0.${'9'.repeat(30)}:qemux86_64:14:${H1}_populate_sysroot.tar.zst`;
    touch(root, `ab/cd/${short}`);
    touch(root, `ab/cd/${short}.siginfo`);
    const scan = await scanSstateDir(root);
    expect(scan.objects).toHaveLength(1);
    expect(scan.objects[0]!.name.truncated).toBe(true);
    expect(summarizeSstateScan(scan).truncatedNames).toBe(1);
  });

  it('follows file symlinks but not directory symlinks (no loops)', async () => {
    const root = tempDir();
    const name = `sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`;
    touch(root, `store/${name}`, 'abc');
    mkdirSync(path.join(root, 'ab/cd'), { recursive: true });
    symlinkSync(path.join(root, 'store', name), path.join(root, 'ab/cd', name));
    symlinkSync(root, path.join(root, 'ab/loop'));
    const scan = await scanSstateDir(root);
    expect(scan.objects.map((o) => [o.dir, o.archive?.size])).toEqual([
      ['ab/cd', 3],
      ['store', 3],
    ]);
  });

  it('classifies directories by the hash they hold', () => {
    expect(classifyDir('universal-4.9/ab/cd', H1)).toEqual({
      layout: 'two-level',
      extraPath: 'universal-4.9',
    });
    expect(classifyDir('ab', H1)).toEqual({ layout: 'one-level', extraPath: '' });
    expect(classifyDir('', H1)).toEqual({ layout: 'flat', extraPath: '' });
  });
});

describe('scanSstateDir on bad input', () => {
  it('records a name that is not UTF-8 as a problem with its bytes escaped', async () => {
    const root = tempDir();
    touch(root, `ab/cd/sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`);
    const dir = Buffer.from(path.join(root, 'ab/cd') + '/');
    writeFileSync(Buffer.concat([dir, Buffer.from([0x73, 0x73, 0xff, 0xfe, 0x2e, 0x74, 0x67, 0x7a])]), '');
    mkdirSync(Buffer.concat([Buffer.from(root + '/'), Buffer.from([0x62, 0xe9, 0x64])]));
    const scan = await scanSstateDir(root);
    expect(scan.objects).toHaveLength(1);
    expect(scan.problems).toEqual([
      {
        path: 'ab/cd/ss\\xff\\xfe.tgz',
        code: 'BAD_FORMAT',
        message: 'file name is not valid UTF-8; skipped',
      },
      { path: 'b\\xe9d', code: 'BAD_FORMAT', message: 'file name is not valid UTF-8; skipped' },
    ]);
  });

  it('records files that vanish between listing and stat, and keeps the rest', async () => {
    const root = tempDir();
    const spec = 'sstate:zlib::1.3.1:r0::14:';
    touch(root, `ab/cd/${spec}${H1}_populate_lic.tar.zst`);
    touch(root, `ab/cd/${spec}${H1}_populate_lic.tar.zst.siginfo`);
    touch(root, `ef/01/${spec}${H2}_populate_lic.tar.zst`);
    // BitBake's cache cleaner deletes the archive right after we listed the directory.
    const racing: ScanFs = {
      ...nodeScanFs,
      stat: async (file) => {
        if (file.endsWith(`${H1}_populate_lic.tar.zst`)) unlinkSync(file);
        return nodeScanFs.stat(file);
      },
    };
    const scan = await scanSstateDir(root, { fs: racing });
    expect(scan.problems).toEqual([
      {
        path: `ab/cd/${spec}${H1}_populate_lic.tar.zst`,
        code: 'NOT_FOUND',
        message: 'file vanished during the scan (or is no longer a directory)',
      },
    ]);
    expect(scan.objects.map((o) => [o.dir, !!o.archive, !!o.siginfo])).toEqual([
      ['ab/cd', false, true],
      ['ef/01', true, false],
    ]);
  });

  it('records an unreadable or vanished subdirectory and scans the others', async () => {
    const root = tempDir();
    touch(root, `ab/cd/sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`);
    touch(root, `ef/01/sstate:zlib::1.3.1:r0::14:${H2}_populate_lic.tar.zst`);
    mkdirSync(path.join(root, 'gone'));
    const denied: ScanFs = {
      ...nodeScanFs,
      readdir: async (dir) => {
        if (dir.endsWith('/ab'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        if (dir.endsWith('/gone')) throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
        return nodeScanFs.readdir(dir);
      },
    };
    const scan = await scanSstateDir(root, { fs: denied });
    expect(scan.problems).toEqual([
      { path: 'ab', code: 'PERMISSION_DENIED', message: 'directory permission denied' },
      {
        path: 'gone',
        code: 'NOT_FOUND',
        message: 'directory vanished during the scan (or is no longer a directory)',
      },
    ]);
    expect(scan.objects.map((o) => o.dir)).toEqual(['ef/01']);
  });

  const isRoot = process.getuid?.() === 0;
  if (isRoot) console.warn('skipping the real chmod 000 test: running as root, which reads any directory');
  it.skipIf(isRoot)('records a real chmod 000 directory as PERMISSION_DENIED', async () => {
    const root = tempDir();
    touch(root, `ab/cd/sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`);
    chmodSync(path.join(root, 'ab'), 0o000);
    try {
      const scan = await scanSstateDir(root);
      expect(scan.problems.map((p) => [p.path, p.code])).toEqual([['ab', 'PERMISSION_DENIED']]);
    } finally {
      chmodSync(path.join(root, 'ab'), 0o755);
    }
  });

  it('reports a malformed name that carries an sstate extension', async () => {
    const root = tempDir();
    touch(root, 'ab/sstate:zlib:oops.tar.zst');
    const scan = await scanSstateDir(root);
    expect(scan.problems).toEqual([
      {
        path: 'ab/sstate:zlib:oops.tar.zst',
        code: 'BAD_FORMAT',
        message: "not an sstate name: 3 ':'-separated fields, expected 8",
      },
    ]);
    expect(scan.ignoredFiles).toBe(1);
  });

  it('throws NOT_FOUND for a missing root and NOT_A_FILE for a file', async () => {
    const root = tempDir();
    touch(root, 'file');
    const missing = await expectError(scanSstateDir(path.join(root, 'nope')), 'NOT_FOUND');
    expect(missing.where?.file).toBe(path.join(root, 'nope'));
    await expectError(scanSstateDir(path.join(root, 'file')), 'NOT_A_FILE');
  });

  it('stops with CANCELLED when aborted mid-scan, and at once when aborted before', async () => {
    const root = tempDir();
    for (let i = 0; i < 64; i++) {
      const h = i.toString(16).padStart(2, '0') + 'a0' + '0'.repeat(60);
      touch(root, `${h.slice(0, 2)}/${h.slice(2, 4)}/sstate:zlib::1.3.1:r0::14:${h}_populate_lic.tar.zst`);
    }
    const ac = new AbortController();
    let seen = 0;
    const err = await expectError(
      scanSstateDir(root, {
        signal: ac.signal,
        concurrency: 1,
        onProgress: () => {
          seen++;
          ac.abort();
        },
      }),
      'CANCELLED',
    );
    expect(err.message).toBe('sstate scan was cancelled');
    expect(seen).toBe(1);
    await expectError(scanSstateDir(root, { signal: AbortSignal.abort() }), 'CANCELLED');
  });

  it('records size and mtime from stat', async () => {
    const root = tempDir();
    const rel = `ab/cd/sstate:zlib::1.3.1:r0::14:${H1}_populate_lic.tar.zst`;
    touch(root, rel, 'x'.repeat(1234));
    utimesSync(path.join(root, rel), 1_700_000_000, 1_700_000_000);
    const scan = await scanSstateDir(root);
    expect(scan.objects[0]!.archive).toEqual({ relPath: rel, size: 1234, mtimeMs: 1_700_000_000_000 });
  });
});
