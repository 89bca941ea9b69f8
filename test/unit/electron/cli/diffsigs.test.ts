import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../helpers/paths';
import { runCli } from '../../../helpers/run-cli';

const MODERN = path.join(FIXTURES, 'siginfo', 'modern');
const LEGACY = path.join(FIXTURES, 'siginfo', 'legacy-pickle');
const EXPECTED = path.join(FIXTURES, 'siginfo', 'expected');
const f = (dir: string, name: string) => path.join(dir, name);

describe('hashequiv diffsigs', () => {
  it('prints exactly the bitbake-diffsigs reference text for both modern pairs', async () => {
    const zlib = await runCli([
      'diffsigs',
      f(
        MODERN,
        'zlib-1.3.1.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
      ),
      f(
        MODERN,
        'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
      ),
    ]);
    expect(zlib.code).toBe(0);
    expect(zlib.stdout).toBe(readFileSync(f(EXPECTED, 'zlib-do_compile.diff.txt'), 'utf8'));
    const init = await runCli([
      'diffsigs',
      f(
        MODERN,
        'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.866684b00f5d6d414b4fafe47a8c728fd3f2169b4500e783cc935951976ed51c',
      ),
      f(
        MODERN,
        'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.9195073eedec096f621bdada5c9ca891e4f14bede38ed299d23cc441063da5b8',
      ),
    ]);
    expect(init.stdout).toBe(
      readFileSync(f(EXPECTED, 'initscripts-do_prepare_recipe_sysroot.diff.txt'), 'utf8'),
    );
  });

  it('--json gives the structured diff first and the messages second; legacy input works', async () => {
    const r = await runCli([
      'diffsigs',
      f(
        LEGACY,
        '1.3.1-r0.do_compile.sigdata.f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
      ),
      f(
        MODERN,
        'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
      ),
      '--json',
    ]);
    const j = r.json<{
      a: { format: string; taskhash: string };
      same: boolean;
      ownCauses: string[];
      diff: { variables: Array<{ variable: string; kind: string }> };
      messages: string[];
    }>();
    expect(j.a).toMatchObject({
      format: 'legacy-pickle',
      taskhash: 'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
    });
    expect(j.same).toBe(false);
    expect(j.ownCauses).toEqual(['variable']);
    expect(j.diff.variables).toMatchObject([{ variable: 'ZLIB_CFLAGS', kind: 'words' }]);
    expect(j.messages).toHaveLength(2);
  });

  it('bad usage and unreadable files exit 2 with one clear line', async () => {
    expect((await runCli(['diffsigs', 'only-one'])).code).toBe(2);
    const r = await runCli(['diffsigs', '/nonexistent/a', '/nonexistent/b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hashequiv diffsigs: .*\/nonexistent\/a/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
