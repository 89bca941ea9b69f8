import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickleUnihashCache } from '../../../../../electron/services/workspace/demo/demo-formats';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { readUnihashCacheFacts } from '../../../../../electron/services/workspace/unihash-cache-facts';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';

describe('two builds side by side', () => {
  let dir: string;
  let ws: Workspace;
  const RUN1_TASKHASH = 'ec9e112e';

  beforeAll(async () => {
    // "CI" is the fixture build whose unihash cache still holds run 1's zlib populate_sysroot.
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-compare-'));
    cpSync(FIXTURE_BUILDDIR, dir, { recursive: true, verbatimSymlinks: true });
    const { facts } = readUnihashCacheFacts(path.join(FIXTURE_BUILDDIR, 'cache', 'bb_unihashes.dat'));
    const entries = facts.map((f): [string, string, string] => {
      const key = `${f.mc}:${f.pn}:${f.task}`;
      return key === ':zlib:do_populate_sysroot' ? [key, f.unihash, f.unihash] : [key, f.taskhash, f.unihash];
    });
    writeFileSync(path.join(dir, 'cache', 'bb_unihashes.dat'), pickleUnihashCache(entries));
    ws = await openWorkspace([FIXTURE_BUILDDIR], { label: 'laptop' });
    await ws.addBuild([dir], { label: 'CI' });
  });
  afterAll(() => {
    ws?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps both builds with their labels and rows', () => {
    const s = ws.summary();
    expect(s.builds.map((b) => [b.id, b.label, b.counts.rows])).toEqual([
      ['b1', 'laptop', 122],
      ['b2', 'CI', 122],
    ]);
    expect(s.counts.rows).toBe(244);
    expect(ws.facets({}).builds).toEqual([
      { value: 'b1', count: 122 },
      { value: 'b2', count: 122 },
    ]);
    expect(ws.queryTasks({ build: 'b2', recipe: 'zlib' }).rows.every((r) => r.buildLabel === 'CI')).toBe(
      true,
    );
  });

  it('finds exactly the task whose current taskhash differs', () => {
    const c = ws.compareBuilds('b1', 'b2');
    expect(c.rows).toHaveLength(1);
    const d = c.rows[0]!;
    expect([d.tid, d.kind]).toEqual([':zlib:do_populate_sysroot', 'taskhash']);
    expect(d.a!.taskhash).toMatch(/^a29a4459/);
    expect(d.b!.taskhash!.startsWith(RUN1_TASKHASH)).toBe(true);
    // Same unihash: the change did not matter for the output, so sstate is shared.
    expect(d.a!.unihash).toBe(d.b!.unihash);
    expect(c.same).toBe(99 - 1);
    expect(() => ws.compareBuilds('b1', 'b9')).toThrow(/Unknown build b9/);
  });
});
