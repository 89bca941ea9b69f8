import { describe, expect, it } from 'vitest';
import type { ClassPage } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

describe('hashequiv classes', () => {
  it('lists the 10 real equivalence classes of the fixture (JSON)', async () => {
    const r = await runCli(['classes', FIXTURE_BUILDDIR, '--json']);
    expect(r.code).toBe(0);
    const page = r.json<ClassPage>();
    expect(page.total).toBe(10);
    for (const c of page.rows) {
      expect(c.members.length).toBe(2);
      expect(c.members.filter((m) => m.canonical)).toHaveLength(1);
      expect(c.members[0]!.taskhash).toBe(c.unihash);
      expect(c.method).toBe('oe.sstatesig.OEOuthashBasic');
    }
    expect(new Set(page.rows.map((c) => c.members[0]!.pn))).toEqual(
      new Set(['zlib', 'zlib-native', 'busybox', 'initscripts']),
    );
  });

  it('counts single-member classes with --all and prints text', async () => {
    const all = (
      await runCli(['classes', FIXTURE_BUILDDIR, '--all', '--limit', '1', '--json'])
    ).json<ClassPage>();
    expect(all.total).toBe(103);
    const r = await runCli(['classes', FIXTURE_BUILDDIR, '--search', 'ec9e112e']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^unihash ec9e112e[0-9a-f]{56} {2}\(2 taskhashes; zlib:do_populate_sysroot; oe\.sstatesig\.OEOuthashBasic\)/,
    );
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      'classes 1-1 of 1 (* = the taskhash that gave the unihash)',
    );
  });
});
