import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOuthashInputs } from '../../../../../electron/services/outhash/resolve-inputs';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';

const SSTATE = path.join(FIXTURE_BUILDDIR, 'sstate-cache');
const PACKAGEDATA = readdirSync(SSTATE, { recursive: true, encoding: 'utf8' })
  .map((f) => path.join(SSTATE, f))
  .find((f) =>
    f.includes('9e88b4df68dda6ac0fb0e87eb69c5ed921f1350b4dc0b3b51f0648e1bda48ca7_packagedata.tar.zst'),
  )!;
const SPEC = 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:';
const dir = mkdtempSync(path.join(os.tmpdir(), 'hashequiv-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveOuthashInputs', () => {
  it('in the build: the depsig file gives the header values, the name the pkgspec', () => {
    const r = resolveOuthashInputs(PACKAGEDATA, 'archive', {});
    expect(r.offered?.kind).toBe('depsig');
    expect(path.basename(r.offered!.file)).toBe('depsig.do_packagedata');
    expect(r.params).toMatchObject({
      task: 'packagedata',
      pkgspec: SPEC,
      hashVersion: '18',
      underPseudo: false,
    });
  });

  it('a renamed archive: the task comes from <archive>.siginfo beside it, pkgspec is unset', () => {
    const renamed = path.join(dir, 'renamed.tar.zst');
    copyFileSync(PACKAGEDATA, renamed);
    copyFileSync(`${PACKAGEDATA}.siginfo`, `${renamed}.siginfo`);
    const r = resolveOuthashInputs(renamed, 'archive', {});
    expect(r.offered?.kind).toBe('siginfo');
    expect(r.params.task).toBe('packagedata');
    expect(r.params.pkgspec).toBeNull();
    expect(r.notes).toContain('SSTATE_PKGSPEC is unset (the text None is hashed); pass the pkgspec');
  });

  it('a siginfo bomb beside the archive is ignored with a note; the name still gives the defaults', () => {
    const sub = mkdtempSync(path.join(dir, 'bomb-'));
    const copy = path.join(sub, path.basename(PACKAGEDATA));
    copyFileSync(PACKAGEDATA, copy);
    writeFileSync(`${copy}.siginfo`, zstdCompressSync(Buffer.alloc(65 * 1024 * 1024, 0x20)));
    const r = resolveOuthashInputs(copy, 'archive', {});
    expect(r.offered).toBeNull();
    expect(r.notes).toEqual([`${copy}.siginfo is not a readable siginfo; ignored`]);
    expect(r.params).toMatchObject({ task: 'packagedata', pkgspec: SPEC });
  });

  it('explicit values win, null meaning unset; a directory needs the task', () => {
    const r = resolveOuthashInputs(PACKAGEDATA, 'archive', {
      pkgspec: null,
      hashVersion: null,
      underPseudo: true,
    });
    expect(r.params).toMatchObject({ pkgspec: null, hashVersion: null, underPseudo: true });
    expect(() => resolveOuthashInputs(dir, 'directory', {}, { taskHint: 'pass --task' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/unknown: pass --task/),
      }),
    );
    expect(resolveOuthashInputs(dir, 'directory', { task: 'do_package' }).params).toMatchObject({
      task: 'package',
      pkgspec: null,
      hashVersion: '18',
      underPseudo: true,
    });
  });
});
