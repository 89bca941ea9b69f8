import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/run-cli';

describe('hashequiv (no command)', () => {
  it('lists the commands and exits 2 without arguments', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: hashequiv <command>');
  });

  it('names an unknown command on stderr and exits 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hashequiv: unknown command 'frobnicate'. Run 'hashequiv --help' for the list.\n");
  });
});
