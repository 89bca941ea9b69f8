import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/make-demo';

describe('scripts/make-demo.ts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'make-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints usage without OUTDIR', async () => {
    const out: string[] = [];
    expect(await main([], (s) => out.push(s))).toBe(2);
    expect(out.join('')).toBe('Usage: npx tsx scripts/make-demo.ts OUTDIR [--seed N]\n');
  });

  it('refuses to replace a directory that is not a demo', async () => {
    const other = path.join(dir, 'precious');
    rmSync(other, { recursive: true, force: true });
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const out: string[] = [];
    expect(await main([dir], (s) => out.push(s))).toBe(2);
    expect(out.join('')).toBe(
      `make-demo: ${dir}: The output directory is not empty and not a demo build; choose another.\n`,
    );
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('writes the demo and says what it wrote', async () => {
    const target = path.join(dir, 'demo');
    const out: string[] = [];
    expect(await main([target], (s) => out.push(s))).toBe(0);
    expect(out.join('')).toBe(
      `Demo build written to ${target}: 453 tasks (run 1 ran 453, run 2 ran 40), 483 sigdata, 168 sstate objects, ` +
        '183 depsig files, hashserv.db 178 unihashes / 179 outhashes, bb_unihashes.dat 165 entries\n',
    );
    expect(readdirSync(target).sort()).toEqual([
      'README.txt',
      'cache',
      'conf',
      'sstate-cache',
      'tmp',
      'tmp-mc1',
    ]);
  });
});
