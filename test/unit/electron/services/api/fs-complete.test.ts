import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completePath } from '../../../../../electron/services/api/fs-complete';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

describe('fs.complete (path completion for web mode)', () => {
  it('completes a partial name in the fixtures directory and marks the build directory', async () => {
    const before = snapshotTree(FIXTURE_BUILDDIR);
    const res = await completePath(path.join(FIXTURES, 'buil'));
    expect(res.dir).toBe(FIXTURES);
    const build = res.entries.find((e) => e.name === 'builddir');
    expect(build).toEqual({ name: 'builddir', path: FIXTURE_BUILDDIR, isDir: true, isBuild: true });
    expect(res.entries.every((e) => e.name.startsWith('buil'))).toBe(true);
    expect(snapshotTree(FIXTURE_BUILDDIR)).toEqual(before);
  });

  it('lists a directory ending in a separator, directories first, hidden entries left out', async () => {
    const res = await completePath(`${FIXTURE_BUILDDIR}/`);
    const names = readdirSync(FIXTURE_BUILDDIR).filter((n) => !n.startsWith('.'));
    expect(res.entries.map((e) => e.name).sort()).toEqual(names.sort());
    const firstFile = res.entries.findIndex((e) => !e.isDir);
    expect(firstFile === -1 || res.entries.slice(firstFile).every((e) => !e.isDir)).toBe(true);
    expect(res.entries.find((e) => e.name === 'conf')?.isDir).toBe(true);
  });

  it('answers nothing (never an error) for relative, missing or unreadable prefixes', async () => {
    expect(await completePath('relative/path')).toEqual({ dir: null, entries: [] });
    expect(await completePath('/no/such/dir/x')).toEqual({ dir: null, entries: [] });
  });
});
