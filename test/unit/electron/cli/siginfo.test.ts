import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

const MODERN = path.join(FIXTURES, 'siginfo/modern');
const EXPECTED = path.join(FIXTURES, 'siginfo/expected');
const modern = (prefix: string): string =>
  path.join(
    MODERN,
    readdirSync(MODERN).find((f) => f.startsWith(prefix))!,
  );
const COMPILE_DUMP = readFileSync(
  path.join(EXPECTED, 'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d73.dump.txt'),
  'utf8',
);

describe('hashequiv siginfo', () => {
  it('prints the bitbake-dumpsig text byte for byte, then the check lines, and exits 0', async () => {
    const r = await runCli(['siginfo', modern('zlib-1.3.1.do_compile.sigdata.7190')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const b = '3fe2cfcac09b60ca3541075df7f42d8cbfe6e4e7e7847ce92324ebd652100d5f';
    const t = '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';
    expect(r.stdout).toBe(
      COMPILE_DUMP +
        `Basehash check: OK (computed ${b}, file ${b})\n` +
        `Taskhash check: OK (computed ${t}, file ${t})\n` +
        `Unihash in file: ${t} (same as taskhash)\n` +
        `Hash in file name: ${t} (the unihash)\n`,
    );
  });

  it('--dump-only prints exactly the dump; a relative path resolves against cwd', async () => {
    const file = modern('zlib-1.3.1.do_compile.sigdata.7190');
    const r = await runCli(['siginfo', '--dump-only', path.basename(file)], { cwd: MODERN });
    expect(r.stdout).toBe(COMPILE_DUMP);
  });

  it('--json gives the SigFile fields', async () => {
    const r = await runCli(['siginfo', modern('zlib-1.3.1.do_fetch'), '--json']);
    expect(r.code).toBe(0);
    const j = r.json<Record<string, unknown> & { data: Record<string, unknown> }>();
    expect(Object.keys(j)).toEqual([
      'path',
      'format',
      'data',
      'computedBasehash',
      'computedTaskhash',
      'basehashMatches',
      'taskhashMatches',
      'nameHash',
    ]);
    expect(j.format).toBe('modern-zstd-json');
    expect(j.computedTaskhash).toBe('8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23');
    expect([j.basehashMatches, j.taskhashMatches]).toEqual([true, true]);
    expect(j.data.fileChecksumValues).toEqual([['ldflags-tests.patch', 'dd5da7a2fd10de4aab437d71187512f4']]);
  });

  it('reads a legacy pickle', async () => {
    const dir = path.join(FIXTURES, 'siginfo/legacy-pickle');
    const f = readdirSync(dir).find((x) => x.startsWith('1.3.1-r0.do_fetch') && !x.endsWith('.txt'))!;
    const r = await runCli(['siginfo', path.join(dir, f), '--json']);
    expect(r.json<{ format: string; taskhashMatches: boolean }>()).toMatchObject({
      format: 'legacy-pickle',
      taskhashMatches: true,
    });
  });

  it('exits 2 with one line for a file that is not a sig file, or bad usage', async () => {
    const r = await runCli(['siginfo', path.join(EXPECTED, 'zlib-do_compile.diff.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `hashequiv siginfo: ${path.join(EXPECTED, 'zlib-do_compile.diff.txt')} (offset 0): not a sig file: starts with 62 61 73 65, expected zstd (28 b5 2f fd) or a pickle (80 0x)\n`,
    );
    const j = await runCli(['siginfo', '/nonexistent/x', '--json']);
    expect(JSON.parse(j.stderr)).toEqual({
      error: { code: 'NOT_FOUND', message: 'sig file does not exist', where: { file: '/nonexistent/x' } },
    });
    expect((await runCli(['siginfo'])).code).toBe(2);
    const bogus = await runCli(['siginfo', 'a', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.startsWith("hashequiv siginfo: Unknown option '--bogus'.")).toBe(true);
  });

  it('exits 1 and says MISMATCH when the content no longer gives the recorded hashes', async () => {
    const json = JSON.parse(
      zstdDecompressSync(readFileSync(modern('zlib-1.3.1.do_fetch'))).toString('utf8'),
    ) as {
      varvals: Record<string, string>;
    };
    json.varvals.PV = '9.9.9'; // edited after BitBake wrote it
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hei-siginfo-cli-'));
    try {
      const f = path.join(
        dir,
        'edited.sigdata.' + '8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
      );
      writeFileSync(f, zstdCompressSync(Buffer.from(JSON.stringify(json))));
      const r = await runCli(['siginfo', f]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /\nBasehash check: MISMATCH \(computed [0-9a-f]{64}, file 82aa6b1a34bd49e95c87ef152d26e03ff500a7d7904b162efc9d2bacf28a47cf\)\n/,
      );
      expect(r.stdout).toContain('\nTaskhash check: MISMATCH (computed ');
      const j = (await runCli(['siginfo', f, '--json'])).json<{
        basehashMatches: boolean;
        taskhashMatches: boolean;
      }>();
      expect([j.basehashMatches, j.taskhashMatches]).toEqual([false, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
