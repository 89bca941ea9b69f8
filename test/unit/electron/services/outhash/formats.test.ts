import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeOuthashFromArchive } from '../../../../../electron/services/outhash/compute';
import type { Progress } from '../../../../../shared/model/progress';
import { loadVectorCases, paramsOf } from './vectors';

// Vectors exist for the current and the 2019 format; the formats between differ from the current
// one by documented rules (spec section 9), checked here on the real vector archives.
const byName = new Map(loadVectorCases().map((c) => [c.name, c]));
const archiveOf = (name: string): string => path.join(byName.get(name)!.dir, 'tree.tar.zst');

describe('earlier outhash formats, derived from current vectors', () => {
  it('before F10 (honister = F7): symlinked directories are not emitted', async () => {
    const c = byName.get('symlink-to-dir')!;
    const f7 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'honister' });
    const f10 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'F10' });
    expect(f10.sigtext).toBe(c.expectedSig);
    const current = c.expectedSig.split('\n');
    const dropped = current.filter((l) => !f7.sigtext.split('\n').includes(l));
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.every((l) => l.startsWith('l'))).toBe(true);
    expect(f7.sigtext.split('\n').filter((l) => !current.includes(l))).toEqual([]);
  });

  it('before F7: nine permission characters even without owners', async () => {
    const c = byName.get('owners-pseudo-unset')!;
    const f6 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'F6' });
    const a = f6.sigtext.split('\n').slice(4, -1);
    const b = c.expectedSig.split('\n').slice(4, -1);
    expect(a.length).toBe(b.length);
    a.forEach((l, i) => {
      expect(l.slice(0, 4)).toBe(b[i]!.slice(0, 4));
      expect(l.slice(10)).toBe(b[i]!.slice(4));
    });
  });

  it('before F11: package timestamps are not clamped; F4 needs BUILD_REPRODUCIBLE_BINARIES', async () => {
    const c = byName.get('package-timestamps-no-owners')!;
    const f10 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'F10' });
    const times = (t: string): number[] =>
      t
        .split('\n')
        .slice(4, -1)
        .map((l) => Number(l.slice(4, 15)));
    expect(Math.max(...times(c.expectedSig))).toBe(1700000000);
    expect(Math.max(...times(f10.sigtext))).toBeGreaterThan(1700000000);
    const f4 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'F4' });
    expect(f4.sigtext.split('\n')[4]).toMatch(/^d[-rwxsStT]{9} {2}/);
    const f4r = await computeOuthashFromArchive(archiveOf(c.name), {
      ...paramsOf(c),
      format: 'F4',
      buildReproducibleBinaries: true,
    });
    expect(f4r.sigtext.split('\n')[3]).toBe('task=package');
    // F4 still has the root line (F5 removed it for package) and times after the permissions.
    expect(f4r.sigtext.split('\n')[4]).toMatch(/^d[-rwxsStT]{9} +-?\d+ +\.$/);
  });

  it('F1 has no hash version line; F9 adds extra sigdata', async () => {
    const c = byName.get('extra-sigdata')!;
    const f1 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'warrior' });
    expect(f1.sigtext.split('\n').slice(0, 3)).toEqual([
      'OEOuthashBasic',
      `SSTATE_PKGSPEC=${c.vars.SSTATE_PKGSPEC}`,
      'task=populate_sysroot',
    ]);
    const f8 = await computeOuthashFromArchive(archiveOf(c.name), { ...paramsOf(c), format: 'F8' });
    expect(f8.sigtext.split('\n')[1]).toBe('18.1');
    expect(f8.sigtext.split('\n')[2]).toMatch(/^SSTATE_PKGSPEC=/);
  });

  it('reports progress while reading an archive', async () => {
    const c = byName.get('file-sizes')!;
    const seen: Progress[] = [];
    await computeOuthashFromArchive(archiveOf(c.name), paramsOf(c), { onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1]!;
    expect(last.phase).toBe('archive');
    expect(last.done).toBe(last.total);
  });
});
