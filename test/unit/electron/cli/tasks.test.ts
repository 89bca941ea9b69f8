import { describe, expect, it } from 'vitest';
import type { TaskPage } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

describe('hashequiv tasks', () => {
  it('filters and prints stable JSON rows', async () => {
    const r = await runCli([
      'tasks',
      FIXTURE_BUILDDIR,
      '--filter',
      'equivalent',
      '--sort',
      'taskhash',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const page = r.json<TaskPage>();
    expect(page.total).toBe(10);
    expect(page.offset).toBe(0);
    const hashes = page.rows.map((x) => x.taskhash);
    expect(hashes).toEqual([...hashes].sort());
    const zlib = page.rows.find((x) => x.tid === ':zlib:do_populate_sysroot')!;
    expect(zlib.taskhash).toMatch(/^a29a4459/);
    expect(zlib.unihash).toMatch(/^ec9e112e/);
    expect(Object.keys(zlib)).toEqual([
      'key',
      'tid',
      'build',
      'buildLabel',
      'mc',
      'pn',
      'task',
      'taskhash',
      'unihashes',
      'unihash',
      'outhashes',
      'created',
      'classSize',
      'sstate',
      'siginfo',
      'stamp',
      'sigdata',
      'depsig',
      'serverStatus',
      'outcome',
    ]);
  });

  it('searches by hash prefix and prints a table', async () => {
    const r = await runCli(['tasks', FIXTURE_BUILDDIR, '--search', 'ec9e112e']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^MC\s+RECIPE\s+TASK\s+TASKHASH\s+UNIHASH\s+OUTHASH\s+FLAGS\s+CLASS$/);
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/).slice(1, 5))).toEqual([
      ['zlib', 'do_populate_sysroot', 'a29a44595a24', 'ec9e112e2aa0'],
      ['zlib', 'do_populate_sysroot', 'ec9e112e2aa0', 'ec9e112e2aa0'],
    ]);
    expect(lines.at(-1)).toBe('rows 1-2 of 2');
  });

  it('pages with --limit/--offset', async () => {
    const a = (await runCli(['tasks', FIXTURE_BUILDDIR, '--limit', '5', '--json'])).json<TaskPage>();
    const b = (
      await runCli(['tasks', FIXTURE_BUILDDIR, '--limit', '5', '--offset', '5', '--json'])
    ).json<TaskPage>();
    expect(a.total).toBe(122);
    expect(b.offset).toBe(5);
    expect(new Set([...a.rows, ...b.rows].map((x) => x.key)).size).toBe(10);
  });

  it('rejects bad options with one stderr line', async () => {
    for (const args of [
      ['--filter', 'bogus'],
      ['--sort', 'size'],
      ['--limit', '0'],
      ['--limit', 'x'],
      ['--frobnicate'],
    ]) {
      const r = await runCli(['tasks', FIXTURE_BUILDDIR, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^hashequiv tasks: /);
    }
  });
});
