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

  describe('--query (the search box language)', () => {
    const total = async (...args: string[]) => {
      const r = await runCli(['tasks', FIXTURE_BUILDDIR, ...args, '--json']);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r.json<TaskPage>();
    };

    it('pn:*zl* matches what --search and the two recipes give', async () => {
      const glob = await total('--query', 'pn:*zl*');
      expect(glob.total).toBe(47);
      expect(new Set(glob.rows.map((r) => r.pn))).toEqual(new Set(['zlib', 'zlib-native']));
      expect((await total('--search', 'zl')).total).toBe(47);
      const zlib = (await total('--recipe', 'zlib')).total;
      const native = (await total('--recipe', 'zlib-native')).total;
      expect([zlib, native]).toEqual([34, 13]);
      expect((await total('--query', 'pn:zlib')).total).toBe(34);
    });

    it('takes keys, is: filters, sort and hash prefixes like the UI', async () => {
      const p = await total('--query', 'pn:*zl* is:equivalent sort:taskhash');
      expect(p.total).toBe(6);
      const hashes = p.rows.map((r) => r.taskhash);
      expect(hashes).toEqual([...hashes].sort());
      const u = await total('--query', 'unihash:EC9E112E');
      expect(u.rows.map((r) => [r.pn, r.task, r.taskhash!.slice(0, 8)])).toEqual([
        ['zlib', 'do_populate_sysroot', 'a29a4459'],
        ['zlib', 'do_populate_sysroot', 'ec9e112e'],
      ]);
    });

    it('combines with the flags: a flag wins its field, --filter adds to is:', async () => {
      expect((await total('--query', 'pn:*zl*', '--filter', 'equivalent')).total).toBe(6);
      const b = await total('--query', 'pn:*zl*', '--recipe', 'busybox');
      expect(b.total).toBe(19);
      expect(new Set(b.rows.map((r) => r.pn))).toEqual(new Set(['busybox']));
      const s = await total('--query', 'sort:taskhash', '--sort', 'taskhash:desc', '--limit', '3');
      const desc = s.rows.map((r) => r.taskhash);
      expect(desc).toEqual([...desc].sort().reverse());
    });

    it('a token it cannot read exits 2 naming it and its column', async () => {
      const r = await runCli(['tasks', FIXTURE_BUILDDIR, '--query', 'pn:*zl* taskhash:zz12']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        "hashequiv tasks: --query: 'taskhash:zz12' at column 9: taskhash:zz12 is not a hash prefix (1 to 64 hex digits 0-9, a-f)\n",
      );
      const k = await runCli(['tasks', FIXTURE_BUILDDIR, '--query', 'is:equivalnt']);
      expect(k.code).toBe(2);
      expect(k.stderr).toContain(
        "'is:equivalnt' at column 1: unknown filter is:equivalnt (did you mean is:equivalent?)",
      );
    });
  });
});
