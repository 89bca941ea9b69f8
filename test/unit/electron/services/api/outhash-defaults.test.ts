/**
 * outhash.compute / outhash.verify apply the same defaults as the CLI and verifyOuthash
 * (services/outhash/resolve-inputs): for an sstate archive the task and SSTATE_PKGSPEC come from
 * its name, the other header values from the build's depsig file when the archive lies in
 * <builddir>/sstate-cache. Regression: the API hashed `SSTATE_PKGSPEC=None` and no
 * HASHEQUIV_HASH_VERSION when the UI sent only the task.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultEngine } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import { recordedOuthashes, verifyOuthash } from '../../../../../electron/services/outhash';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';
import { runCli } from '../../../../helpers/run-cli';

const SSTATE = path.join(FIXTURE_BUILDDIR, 'sstate-cache');
const HASHSERV = path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db');
const ZLIB_SPEC = 'sstate:zlib:core2-64-poky-linux:1.3.1:r0:core2-64:14:';

// zlib (core2-64) objects of the fixture build and the outhashes hashserv.db recorded for them.
const SYSROOT = {
  unihash: 'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
  outhash: '66ad500def6f9195af0898501159dda255aeaad8e93789ae62886373e44fb18b',
};
const PACKAGE = {
  unihash: '99076485859eb151a32dbbca9c678d7231e38354284254daff42d38fe7aec641',
  outhash: 'cc99a0aa5d30d44f165e7f9222cd61276e122b212969cb0e23c44dd875842a60',
};
const PACKAGEDATA = {
  unihash: '9e88b4df68dda6ac0fb0e87eb69c5ed921f1350b4dc0b3b51f0648e1bda48ca7',
  outhash: '830e7f8cf6b5b5d5fca29e1b5d057a0f1b15d858c9a13e21a77cb08c46a694ee',
};

function archiveOf(unihash: string): string {
  const rel = readdirSync(SSTATE, { recursive: true, encoding: 'utf8' }).find(
    (f) => f.includes(unihash) && f.endsWith('.tar.zst'),
  );
  if (!rel) throw new Error(`fixture archive ${unihash} is missing`);
  return path.join(SSTATE, rel);
}

function api() {
  return createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '9.9.9'),
    validateOutput: true,
    progressThrottleMs: 0,
    log: () => {},
  });
}

type Computed = { outhash: string; input: string; lines?: string[] };

async function compute(file: string, params: Record<string, unknown>): Promise<Computed> {
  const host = api();
  try {
    const r = await host.dispatch('outhash.compute', { path: file, params, lines: true }, {});
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as Computed;
  } finally {
    host.close();
  }
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('outhash.compute defaults for an sstate archive (API = CLI = verify)', () => {
  it('zlib populate_sysroot with only the task: the recorded outhash', async () => {
    // The recorded value, read from the fixture database itself.
    expect(new Set(recordedOuthashes(HASHSERV, SYSROOT.unihash).map((r) => r.outhash))).toEqual(
      new Set([SYSROOT.outhash]),
    );
    const r = await compute(archiveOf(SYSROOT.unihash), { task: 'populate_sysroot' });
    expect(r.input).toBe('archive');
    expect(r.lines?.slice(0, 4)).toEqual([
      'OEOuthashBasic',
      '18',
      `SSTATE_PKGSPEC=${ZLIB_SPEC}`,
      'task=populate_sysroot',
    ]);
    expect(r.outhash).toBe(SYSROOT.outhash);
  });

  it('zlib package: owners, SOURCE_DATE_EPOCH and header come from the build depsig file', async () => {
    const r = await compute(archiveOf(PACKAGE.unihash), { task: 'do_package' });
    expect(r.lines).toContain(`SSTATE_PKGSPEC=${ZLIB_SPEC}`);
    expect(r.outhash).toBe(PACKAGE.outhash);
  });

  it('an archive outside any build: task and pkgspec still come from its name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashequiv-oh-api-'));
    temps.push(dir);
    const copy = path.join(dir, path.basename(archiveOf(PACKAGEDATA.unihash)));
    copyFileSync(archiveOf(PACKAGEDATA.unihash), copy);
    const r = await compute(copy, { task: 'packagedata' });
    expect(r.lines?.[2]).toBe(`SSTATE_PKGSPEC=${ZLIB_SPEC}`);
    expect(r.outhash).toBe(PACKAGEDATA.outhash);
  });

  it('no task at all: the archive name tells it (the recorded outhash); a directory must be told', async () => {
    const r = await compute(archiveOf(SYSROOT.unihash), {});
    expect(r.lines?.[3]).toBe('task=populate_sysroot');
    expect(r.outhash).toBe(SYSROOT.outhash);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashequiv-oh-api-'));
    temps.push(dir);
    await expect(compute(dir, {})).rejects.toThrow(
      /^INVALID_INPUT: The task is unknown: fill in the Task field/,
    );
  });

  it("explicit values still win: pkgspec '' is unset and hashes the text None", async () => {
    const r = await compute(archiveOf(SYSROOT.unihash), { task: 'populate_sysroot', pkgspec: '' });
    expect(r.lines?.[2]).toBe('SSTATE_PKGSPEC=None');
    expect(r.outhash).not.toBe(SYSROOT.outhash);
  });

  it('outhash.verify matches the recorded outhash with only the task', async () => {
    const host = api();
    try {
      const r = await host.dispatch(
        'outhash.verify',
        { path: archiveOf(PACKAGE.unihash), params: { task: 'package' }, expected: PACKAGE.outhash },
        {},
      );
      expect(r.ok && r.value).toMatchObject({ matches: true, result: { outhash: PACKAGE.outhash } });
    } finally {
      host.close();
    }
  });

  it('the CLI with no flags and verifyOuthash with no params give the same outhash', async () => {
    const archive = archiveOf(PACKAGE.unihash);
    const cli = await runCli(['outhash', archive]);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim()).toBe(PACKAGE.outhash);
    const v = await verifyOuthash({ archivePath: archive, recordedOuthash: PACKAGE.outhash });
    expect(v.status).toBe('match');
    expect(v.params).toMatchObject({ task: 'package', pkgspec: ZLIB_SPEC, hashVersion: '18' });
  });
});
