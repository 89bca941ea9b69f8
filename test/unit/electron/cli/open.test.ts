import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary, TaskCounts } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR, FIXTURES } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

describe('hashequiv open', () => {
  it('finds every source of the fixture build (JSON)', async () => {
    const r = await runCli(['open', FIXTURE_BUILDDIR, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.json<{ builds: BuildSummary[]; counts: TaskCounts }>();
    expect(out.builds).toHaveLength(1);
    const b = out.builds[0]!;
    expect(b.sources.map((s) => `${s.kind} ${path.relative(FIXTURE_BUILDDIR, s.path)} ${s.status}`)).toEqual([
      'conf conf/local.conf ok',
      'hashserv-db cache/hashserv.db ok',
      'unihash-cache cache/bb_unihashes.dat ok',
      'stamps-dir tmp/stamps ok',
      'depsig tmp/work ok',
      'stamps-dir tmp-mc1/stamps ok',
      'depsig tmp-mc1/work ok',
      'sstate-dir sstate-cache ok',
    ]);
    expect(b.sources[1]!.counts).toEqual({ unihashes: 46, outhashes: 46, distinctUnihashes: 36 });
    expect(b.sources[1]!.detected?.schema).toBe('v3');
    expect(b.sources[2]!.counts).toEqual({ entries: 35, remapped: 10 });
    expect(b.sources[7]!.counts).toEqual({ archives: 36, siginfo: 36 });
    expect(out.counts.rows).toBe(122);
    expect(out.counts.classes).toBe(10);
  });

  it('prints a human summary', async () => {
    const r = await runCli(['open', FIXTURE_BUILDDIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Multiconfigs: mc1');
    expect(r.stdout).toMatch(
      /ok\s+hashserv-db\s+cache\/hashserv\.db\s+unihashes 46, outhashes 46, distinctUnihashes 36; schema v3, BitBake >= 2\.8/,
    );
    expect(r.stdout).toContain('Tasks: 122 rows (99 tasks of 7 recipes), 103 unihashes; 10 equivalent');
  });

  it('opens a single legacy file: bb_persist_data.sqlite3', async () => {
    const r = await runCli(['open', path.join(FIXTURES, 'bb_persist_data.sqlite3'), '--json']);
    expect(r.code).toBe(0);
    const b = r.json<{ builds: BuildSummary[] }>().builds[0]!;
    expect(b.sources.map((s) => [s.kind, s.status, s.counts])).toEqual([
      ['persist-data', 'ok', { unihashCache: 21, headrevs: 3, other: 0 }],
    ]);
    expect(b.counts.rows).toBe(21);
  });

  describe('bad input', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'cli-open-'));
      writeFileSync(path.join(dir, 'hashserv.db'), 'not a database at all, just text');
      writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names the file and the problem on one stderr line, exit 2', async () => {
      const bad = path.join(dir, 'hashserv.db');
      const r = await runCli(['open', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^hashequiv open: ${bad}.*: Not an SQLite database`));
    });

    it('refuses an unknown file kind and a missing path', async () => {
      const r1 = await runCli(['open', path.join(dir, 'notes.txt')]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).toBe(
        `hashequiv open: ${path.join(dir, 'notes.txt')}: Not a file the inspector reads.\n`,
      );
      const r2 = await runCli(['open', path.join(dir, 'missing')]);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toBe(
        `hashequiv open: ${path.join(dir, 'missing')}: The file does not exist (or vanished while we read it).\n`,
      );
      const r3 = await runCli(['open']);
      expect(r3.code).toBe(2);
      expect(r3.stderr).toContain('expected at least one PATH');
    });

    it('reports a broken source among good ones with exit 1', async () => {
      const r = await runCli(['open', FIXTURE_BUILDDIR, path.join(dir, 'hashserv.db'), '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^hashequiv open: .*hashserv\.db.*Not an SQLite database/);
      const b = r.json<{ builds: BuildSummary[] }>().builds[0]!;
      expect(b.sources.filter((s) => s.status === 'error')).toHaveLength(1);
      expect(b.counts.rows).toBe(122);
    });
  });
});
