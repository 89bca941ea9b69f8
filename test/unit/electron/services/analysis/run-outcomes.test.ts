import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  analyzeBuildRuns,
  analyzeEventLogFile,
} from '../../../../../electron/services/analysis/run-outcomes-file';
import type { BuildRunTable } from '../../../../../electron/services/analysis/run-outcomes';
import { parseTid } from '../../../../../electron/services/analysis/eventlog-tid';
import { findEventLogs } from '../../../../../electron/services/sources/eventlog/eventlog-files';
import { FIXTURES } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';

const EVENTLOG = path.join(FIXTURES, 'eventlog');
const L = '/tmp/hei-eventlog/layers/minilayer-eventlog/recipes';

function expectedTable(run: string): Record<string, unknown> {
  const exp = JSON.parse(readFileSync(path.join(EVENTLOG, 'expected', `${run}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  delete exp.bitbake_version; // from the producing BitBake, not in the log
  return exp;
}

/** The table without the fields the expected files do not have. */
function comparable(t: BuildRunTable): Record<string, unknown> {
  const { first_line: _f, last_line: _l, errors: _e, ...rest } = t;
  return rest;
}

describe('run outcomes of the fixture logs', () => {
  it.each(['run1', 'run2', 'run3-failure'])('%s gives exactly expected/<run>.json', async (run) => {
    const { builds } = await analyzeEventLogFile(path.join(EVENTLOG, `${run}.json`));
    expect(builds).toHaveLength(1);
    const t = builds[0]!;
    expect(t.errors).toEqual([]);
    expect(t.first_line).toBe(1);
    expect(comparable(t)).toEqual(expectedTable(run));
  });

  it('run2: hash equivalence, restores and the damaged sstate object', async () => {
    const t = (await analyzeEventLogFile(path.join(EVENTLOG, 'run2.json'))).builds[0]!;
    expect(t.summary).toEqual({
      covered: 15,
      ran: 69,
      ran_noexec: 9,
      restored: 28,
      setscene_failed: 1,
      unihash_updated: 9,
    });
    const row = (tid: string) => t.tasks.find((r) => r.tid === tid)!;
    expect(row(`${L}/zlib_1.3.1.bb:do_populate_sysroot`)).toMatchObject({
      outcome: 'ran',
      taskhash: expect.stringMatching(/^a29a4459/),
      unihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    });
    expect(row(`${L}/openssl_3.2.1.bb:do_populate_sysroot`)).toMatchObject({
      outcome: 'restored',
      skip_reason: 'covered',
      setscene: 'completed',
      taskhash: '1368ce91ccc4b4d2a6b564ee825ebb27380bfbd802556e3371ea0a82873c68d2',
    });
    expect(row(`${L}/quilt-native_0.67.bb:do_populate_sysroot`)).toMatchObject({
      outcome: 'ran',
      setscene: 'failed',
      setscene_exitcode: 1,
      worker: [
        ['do_populate_sysroot_setscene', 'started'],
        ['do_populate_sysroot_setscene', 'failedsilent'],
        ['do_populate_sysroot', 'started'],
        ['do_populate_sysroot', 'succeeded'],
      ],
    });
    expect(row(`virtual:native:${L}/zlib_1.3.1.bb:do_populate_sysroot`)).toMatchObject({
      pn: 'zlib-native',
      variant: 'native',
      unihash: '62a3c99a8a4428f82f4cbc4d5b86fde5b22b90b0ccca6675034329f64e889acb',
    });
    expect(t.last_stats).toMatchObject({
      completed: 112,
      skipped: 43,
      setscene_covered: 28,
      setscene_notcovered: 12,
    });
  });

  it('run3: the failed do_compile and the 6 tasks never reached', async () => {
    const t = (await analyzeEventLogFile(path.join(EVENTLOG, 'run3-failure.json'))).builds[0]!;
    expect(t.summary).toEqual({ covered: 92, failed: 1, 'not-run': 6, ran: 2, skipped: 11 });
    const failed = t.tasks.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => [r.tid, r.exitcode, r.taskhash])).toEqual([
      [
        `${L}/dropbear_2022.83.bb:do_compile`,
        1,
        'f403ec7b39aa382d5bdf5e6f37312e2da34772c34597167a1725a2963c9dc8fb',
      ],
    ]);
    expect(t.tasks.filter((r) => r.outcome === 'not-run').map((r) => r.taskname)).toEqual([
      'do_build',
      'do_install',
      'do_package',
      'do_package_write_ipk',
      'do_packagedata',
      'do_populate_sysroot',
    ]);
    expect(t.build.BuildCompleted.map((b) => b.msg)).toEqual(['Building Failed', 'Building Failed']);
  });
});

describe('logs with several builds or bad lines', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hei-runs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits builds appended to one file at their command completion', async () => {
    const run1 = readFileSync(path.join(EVENTLOG, 'run1.json'), 'utf8');
    const run3 = readFileSync(path.join(EVENTLOG, 'run3-failure.json'), 'utf8');
    const file = path.join(dir, 'two.json');
    writeFileSync(file, run1 + run3);
    const { builds } = await analyzeEventLogFile(file);
    expect(builds.map((b) => [b.first_line, b.last_line, b.lines])).toEqual([
      [1, 1164, 1164],
      [1165, 1164 + 297, 297],
    ]);
    expect(builds[0]!.summary).toEqual(expectedTable('run1').summary);
    expect(builds[1]!.summary).toEqual(expectedTable('run3-failure').summary);
    expect(builds[1]!.allvariables_lines).toEqual([1164 + 121]);
  });

  it('lists undecodable lines in errors and still derives the rest', async () => {
    const lines = readFileSync(path.join(EVENTLOG, 'run3-failure.json'), 'utf8').split('\n');
    lines[292] = '{"class": "bb.runqueue.runQueueTaskFailed", "vars": "gAJjb3MKc3lzdGVtCi4="}'; // GLOBAL in protocol 2...
    const file = path.join(dir, 'damaged.json');
    writeFileSync(file, lines.join('\n') + '{"class": "bb.event.Heart');
    const t = (await analyzeEventLogFile(file)).builds[0]!;
    expect(t.errors.map((e) => [e.line, e.code])).toEqual([
      [293, 'BAD_FORMAT'], // symbolic mode reads GLOBAL as a name: not an event object
      [298, 'BAD_FORMAT'], // the truncated last line
    ]);
    // Without its runQueueTaskFailed, dropbear do_compile was started but never finished.
    expect(t.tasks.find((r) => r.tid === `${L}/dropbear_2022.83.bb:do_compile`)?.outcome).toBe('incomplete');
    expect(t.summary.incomplete).toBe(1);
  });
});

describe('finding event logs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hei-runs-find-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds tmp*/log/eventlog/*.json in a build directory, in name order, without writing', async () => {
    const logDir = path.join(dir, 'build', 'tmp', 'log', 'eventlog');
    mkdirSync(logDir, { recursive: true });
    mkdirSync(path.join(dir, 'build', 'tmp-mc1', 'log'), { recursive: true });
    copyFileSync(path.join(EVENTLOG, 'run2.json'), path.join(logDir, '20261125083652.json'));
    copyFileSync(path.join(EVENTLOG, 'run1.json'), path.join(logDir, '20261125083645.json'));
    writeFileSync(path.join(logDir, 'notes.txt'), 'x');
    const before = snapshotTree(path.join(dir, 'build'));
    const build = path.join(dir, 'build');
    expect(await findEventLogs(build)).toEqual([
      path.join(logDir, '20261125083645.json'),
      path.join(logDir, '20261125083652.json'),
    ]);
    expect(await findEventLogs(path.join(build, 'tmp'))).toHaveLength(2);
    // bitbake -w '' leaves its log in the cwd (the build directory)
    const wLog = path.join(dir, 'wbuild', 'bitbake_eventlog_20261125093000.json');
    mkdirSync(path.dirname(wLog));
    copyFileSync(path.join(EVENTLOG, 'run3-failure.json'), wLog);
    expect(await findEventLogs(path.dirname(wLog))).toEqual([wLog]);
    const runs = await analyzeBuildRuns(build);
    expect(runs.map((r) => r.builds[0]!.summary.ran)).toEqual([112, 69]);
    expect(snapshotTree(build)).toEqual(before);
  });

  it('says what it looked for when there is no log', async () => {
    await expect(findEventLogs(path.join(FIXTURES, 'siginfo'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('tmp*/log/eventlog/*.json'),
    });
    await expect(findEventLogs(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('parseTid', () => {
  it('splits mc, virtual variants and task names', () => {
    expect(parseTid(`mc:mc1:${L}/zlib_1.3.1.bb:do_package`)).toEqual({
      tid: `mc:mc1:${L}/zlib_1.3.1.bb:do_package`,
      mc: 'mc1',
      taskfile: `mc:mc1:${L}/zlib_1.3.1.bb`,
      recipeFile: `${L}/zlib_1.3.1.bb`,
      variant: '',
      taskname: 'do_package',
    });
    expect(parseTid('mc:mc1:virtual:multilib:lib32:/r/zlib.bb:do_compile')).toMatchObject({
      mc: 'mc1',
      variant: 'multilib:lib32',
      recipeFile: '/r/zlib.bb',
      taskname: 'do_compile',
    });
    expect(parseTid('/r/zlib.bb:do_fetch')).toMatchObject({ mc: '', variant: '', taskfile: '/r/zlib.bb' });
  });
});
