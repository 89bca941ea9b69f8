import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ancestorDirs,
  resolveConfPath,
  wslShareRoot,
} from '../../../../../../electron/services/sources/discovery/build-paths';
import { parseSstateArchiveName } from '../../../../../../electron/services/outhash/build-inputs';
import { scanSstateDir } from '../../../../../../electron/services/sources/sstate/scan-sstate-dir';
import { fromWslFileName, parseSstateName } from '../../../../../../shared/model/sstate-name';
import { FIXTURE_BUILDDIR } from '../../../../../helpers/paths';

const W = path.win32;
const BUILD = '\\\\wsl$\\Ubuntu\\home\\me\\build';
const ZLIB =
  'sstate:zlib-native:x86_64-linux:1.3.1:r0:x86_64:14:62a3c99a8a4428f82f4cbc4d5b86fde5b22b90b0ccca6675034329f64e889acb_populate_sysroot.tar.zst';
/** The name as Windows lists it through \\wsl$: WSL shows ':' as U+F03A. */
const listedOnWindows = (name: string) => name.replaceAll(':', '\uF03A');

describe('build directories reached through WSL (path.win32)', () => {
  it('knows the share root of \\\\wsl$ and \\\\wsl.localhost paths, in either slash and any case', () => {
    expect(wslShareRoot(BUILD, W)).toBe('\\\\wsl$\\Ubuntu\\');
    expect(wslShareRoot('//WSL.localhost/Ubuntu-22.04/home/me/build', W)).toBe(
      '\\\\WSL.localhost\\Ubuntu-22.04\\',
    );
    expect(wslShareRoot('\\\\fileserver\\builds\\poky', W)).toBeNull();
    expect(wslShareRoot('C:\\Users\\me\\build', W)).toBeNull();
    expect(wslShareRoot(BUILD, path.posix)).toBeNull();
  });

  it('puts absolute Linux paths from local.conf on the same distro, not on drive C:', () => {
    expect(resolveConfPath('/srv/sstate-cache', BUILD, W)).toBe('\\\\wsl$\\Ubuntu\\srv\\sstate-cache');
    expect(resolveConfPath(`${BUILD}/tmp`, BUILD, W)).toBe(`${BUILD}\\tmp`);
    expect(resolveConfPath('/srv/sstate-cache', '/home/me/build', path.posix)).toBe('/srv/sstate-cache');
    expect(resolveConfPath('D:\\sstate', BUILD, W)).toBe('D:\\sstate');
  });

  it('walks up to the UNC share root and stops there, without looping or reaching the server', () => {
    expect(ancestorDirs(BUILD, 8, W)).toEqual([
      BUILD,
      '\\\\wsl$\\Ubuntu\\home\\me',
      '\\\\wsl$\\Ubuntu\\home',
      '\\\\wsl$\\Ubuntu\\',
    ]);
    expect(ancestorDirs('\\\\wsl.localhost\\Ubuntu\\', 8, W)).toEqual(['\\\\wsl.localhost\\Ubuntu\\']);
    expect(ancestorDirs('C:\\a\\b', 8, W)).toEqual(['C:\\a\\b', 'C:\\a', 'C:\\']);
    expect(ancestorDirs('/a/b/c/d', 1, path.posix)).toEqual(['/a/b/c/d', '/a/b/c']);
  });
});

describe('sstate names as Windows lists them from a WSL build directory', () => {
  it('parse to the same fields as the real names', () => {
    const listed = listedOnWindows(ZLIB);
    expect(listed).not.toContain(':');
    expect(fromWslFileName(listed)).toBe(ZLIB);
    expect(parseSstateName(listed)).toEqual(parseSstateName(ZLIB));
    expect(parseSstateArchiveName(`/x/${listed}`)).toEqual(parseSstateArchiveName(`/x/${ZLIB}`));
    expect(parseSstateArchiveName(listed)?.pkgspec).toBe(
      'sstate:zlib-native:x86_64-linux:1.3.1:r0:x86_64:14:',
    );
  });

  const tmp = mkdtempSync(path.join(tmpdir(), 'hashequiv-wslnames-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('are scanned as sstate objects, and their files keep the listed name', async () => {
    const src = path.join(FIXTURE_BUILDDIR, 'sstate-cache', 'universal', '62', 'a3');
    const dst = path.join(tmp, 'universal', '62', 'a3');
    mkdirSync(dst, { recursive: true });
    for (const ext of ['', '.siginfo'])
      copyFileSync(path.join(src, ZLIB + ext), path.join(dst, listedOnWindows(ZLIB) + ext));
    const scan = await scanSstateDir(tmp);
    expect(scan.problems).toEqual([]);
    expect(scan.objects).toHaveLength(1);
    const obj = scan.objects[0]!;
    expect(obj).toMatchObject({ dir: 'universal/62/a3', extraPath: 'universal', layout: 'two-level' });
    expect(obj.name).toMatchObject({
      pn: 'zlib-native',
      pv: '1.3.1',
      unihash: '62a3c99a8a4428f82f4cbc4d5b86fde5b22b90b0ccca6675034329f64e889acb',
      task: 'populate_sysroot',
    });
    expect(obj.archive?.relPath).toBe(`universal/62/a3/${listedOnWindows(ZLIB)}`);
    expect(obj.siginfo).toBeDefined();
  });
});
