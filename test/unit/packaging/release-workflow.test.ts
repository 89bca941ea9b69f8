import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}
const wf = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    { strategy: { matrix: { include: Array<{ os: string }> } }; steps: Step[]; env: Record<string, string> }
  >;
};

describe('.github/workflows/release.yml', () => {
  const job = wf.jobs.installers!;
  const names = job.steps.map((s) => s.name ?? '');

  it('runs on Linux, Windows and macOS', () => {
    expect(job.strategy.matrix.include.map((m) => m.os)).toEqual([
      'ubuntu-latest',
      'windows-latest',
      'macos-latest',
    ]);
  });

  it('installs, tests, builds installers, runs the Electron e2e project and uploads, in that order', () => {
    const order = [
      'Install',
      'Test',
      'Build the installers',
      'Electron end-to-end against the packaged app (Linux, under xvfb)',
      'Upload the installers',
    ];
    const idx = order.map((n) => names.indexOf(n));
    expect(
      idx.every((i) => i >= 0),
      `missing one of ${order.join(', ')} in ${names.join(', ')}`,
    ).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(job.steps.find((s) => s.name === 'Build the installers')?.run).toContain('npm run dist');
    expect(
      job.steps.find((s) => s.name?.startsWith('Electron end-to-end') && s.if === "runner.os == 'Linux'")
        ?.run,
    ).toMatch(/xvfb-run .*--project=electron/);
    // npm test runs the Electron project too (npm ci downloads Electron on the runners): a display on Linux.
    expect(job.steps.find((s) => s.name === 'Test')?.run).toContain("runner.os == 'Linux' && 'xvfb-run -a '");
  });

  it('drives signing from secrets only', () => {
    for (const k of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
    ]) {
      expect(job.env[k]).toBe(`\${{ secrets.${k} }}`);
    }
  });
});
