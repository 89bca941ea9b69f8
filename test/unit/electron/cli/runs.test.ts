import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../helpers/run-cli';
import { FIXTURES } from '../../../helpers/paths';

const EVENTLOG = path.join(FIXTURES, 'eventlog');
const L = '/tmp/hei-eventlog/layers/minilayer-eventlog/recipes';

interface RunsJson {
  target: string;
  unihash_cache: string | null;
  logs: Array<{
    file: string;
    builds: Array<{
      eventlog: string;
      summary: Record<string, number>;
      runqueue_tasks: number;
      errors: Array<{ line: number; code: string }>;
      tasks: Array<{
        tid: string;
        outcome: string;
        taskhash: string | null;
        unihash: string | null;
        cached_unihash: string | null;
      }>;
    }>;
  }>;
}

describe('hashequiv runs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hei-cli-runs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints stable JSON for one event log file', async () => {
    const r = await runCli(['runs', path.join(EVENTLOG, 'run2.json'), '--json']);
    expect(r.code).toBe(0);
    const j = r.json<RunsJson>();
    expect(j.logs).toHaveLength(1);
    const b = j.logs[0]!.builds[0]!;
    expect(b.eventlog).toBe('run2.json');
    expect(b.runqueue_tasks).toBe(112);
    expect(b.summary).toEqual({
      covered: 15,
      ran: 69,
      ran_noexec: 9,
      restored: 28,
      setscene_failed: 1,
      unihash_updated: 9,
    });
    expect(b.tasks).toHaveLength(112);
    expect(b.tasks.find((t) => t.tid === `${L}/zlib_1.3.1.bb:do_populate_sysroot`)).toMatchObject({
      outcome: 'ran',
      unihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    });
    // Stable: the same input gives byte-identical output.
    expect((await runCli(['runs', path.join(EVENTLOG, 'run2.json'), '--json'])).stdout).toBe(r.stdout);
  });

  it('prints a human table for a build directory, with --outcome filtering', async () => {
    const logDir = path.join(dir, 'build', 'tmp', 'log', 'eventlog');
    mkdirSync(logDir, { recursive: true });
    copyFileSync(path.join(EVENTLOG, 'run3-failure.json'), path.join(logDir, '20261125083700.json'));
    const r = await runCli(['runs', 'build', '--outcome', 'failed,not-run'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('result: Building Failed');
    expect(r.stdout).toContain('112 run-queue tasks: failed 1, ran 2, covered 92, skipped 11, not-run 6');
    expect(r.stdout).toMatch(/failed \(exit 1\)\s+-\s+dropbear:do_compile\s+f403ec7b39aa382d/);
    const tableRows = r.stdout.split('\n').filter((l) => /^ {2}(failed|not-run)/.test(l));
    expect(tableRows).toHaveLength(7);
  });

  it('--summary prints one block per build', async () => {
    const r = await runCli(['runs', path.join(EVENTLOG, 'run1.json'), '--summary']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('112 run-queue tasks: ran 112 (9 noexec)');
    expect(r.stdout).toContain('1 unihash updated by hash equivalence');
    expect(r.stdout).not.toContain('OUTCOME');
  });

  it('exits 1 and lists undecodable lines, 2 on bad usage or a missing log', async () => {
    const lines = readFileSync(path.join(EVENTLOG, 'run1.json'), 'utf8').split('\n');
    lines[4] = '{"class": "bb.event.X", "vars": "gARQMQou"}'; // PERSID
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, lines.join('\n'));
    const r = await runCli(['runs', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:5: UNSAFE_CONTENT: Refused pickle opcode PERSID (0x50) at offset 2`);
    const j = await runCli(['runs', file, '--json']);
    expect(j.code).toBe(1);
    expect(j.json<RunsJson>().logs[0]!.builds[0]!.errors).toEqual([
      expect.objectContaining({ line: 5, code: 'UNSAFE_CONTENT' }),
    ]);
    expect((await runCli(['runs'])).code).toBe(2);
    const unknown = (await runCli(['runs', 'x', '--colour'])).stderr;
    expect(unknown).toContain("Unknown option '--colour'");
    expect(unknown).toMatch(/[^.]\. Run 'hashequiv runs --help'\.\n$/);
    expect((await runCli(['runs', 'x', '--outcome', 'exploded'])).stderr).toContain(
      "unknown outcome 'exploded'",
    );
    const missing = await runCli(['runs', path.join(dir, 'nothing-here')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or directory');
  });

  it('joins bb_unihashes.dat: explicit --unihash-cache, or BUILD/cache/ of a build directory', async () => {
    const cacheFile = path.join(FIXTURES, 'bb_unihashes.dat');
    const r = await runCli([
      'runs',
      path.join(EVENTLOG, 'run2.json'),
      '--unihash-cache',
      cacheFile,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = r.json<RunsJson>();
    expect(j.unihash_cache).toBe(cacheFile);
    const tasks = j.logs[0]!.builds[0]!.tasks;
    // The fixtures README: all 35 cache entries carry run 2's taskhashes, and the 9 updates match.
    const joined = tasks.filter((t) => t.cached_unihash !== null);
    expect(joined).toHaveLength(35);
    const updated = tasks.filter((t) => t.unihash !== null);
    expect(updated).toHaveLength(9);
    for (const t of updated) expect(t.cached_unihash).toBe(t.unihash);
    expect(tasks.find((t) => t.tid === `mc:mc1:${L}/zlib_1.3.1.bb:do_populate_lic`)?.cached_unihash).toBe(
      'da454e63480f190df1cf111c493f1599925d27e408aaacd70ccc8bc8c121e50c',
    );

    // Auto-detected in a build directory; run 1's taskhashes match only where run 2 kept them.
    const build = path.join(dir, 'build-with-cache');
    mkdirSync(path.join(build, 'tmp', 'log', 'eventlog'), { recursive: true });
    mkdirSync(path.join(build, 'cache'));
    copyFileSync(
      path.join(EVENTLOG, 'run1.json'),
      path.join(build, 'tmp', 'log', 'eventlog', '20261125083645.json'),
    );
    copyFileSync(cacheFile, path.join(build, 'cache', 'bb_unihashes.dat'));
    const auto = await runCli(['runs', build, '--summary']);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toContain('24 unihash(es) joined from bb_unihashes.dat');
  });
});
