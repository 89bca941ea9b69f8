import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDepsigHeader } from '../../../../renderer/features/outhash/depsig-header';
import { changedFieldNames, fieldParts } from '../../../../renderer/features/outhash/field-diff';
import { verifyVerdict } from '../../../../renderer/features/outhash/verdicts';
import type { TaskDetail } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { fakeApi, storeWith } from '../equivalence/fake-api';

const DEPSIG = path.join(
  FIXTURE_BUILDDIR,
  'tmp/work/x86_64-linux/quilt-native/0.67/temp/depsig.do_populate_sysroot.29959',
);
const lines = readFileSync(DEPSIG, 'utf8').split('\n');
const hashLine = lines.find((l) => /[0-9a-f]{64}/.test(l))!;

describe('depsig header', () => {
  it('reads the recorded inputs of a real depsig file', () => {
    expect(parseDepsigHeader(lines)).toEqual({
      hashVersion: '18',
      pkgspec: 'sstate:quilt-native:x86_64-linux:0.67:r0:x86_64:14:',
      task: 'populate_sysroot',
    });
  });
  it('knows the old header without a version line, extra sigdata, and None', () => {
    expect(parseDepsigHeader(['OEOuthashBasic', 'SSTATE_PKGSPEC=None', 'task=package'])).toEqual({
      task: 'package',
    });
    expect(parseDepsigHeader(['OEOuthashBasic', '14', 'extra', 'SSTATE_PKGSPEC=x', 'task=t'])).toEqual({
      hashVersion: '14',
      extraSigdata: 'extra',
      pkgspec: 'x',
      task: 't',
    });
    expect(parseDepsigHeader(['not a sigtext'])).toEqual({});
  });
});

describe('field diff', () => {
  it('marks only the fields that changed, keeping the spacing', () => {
    const changed = hashLine.replace(/[0-9a-f]{64}/, 'f'.repeat(64)).replace(/^-rw-/, '-rwx');
    const parts = fieldParts(changed, hashLine);
    expect(parts.map((p) => p.text).join('')).toBe(changed);
    expect(parts.filter((p) => p.changed).map((p) => p.text)).toEqual(['-rwx', 'f'.repeat(64)]);
    expect(changedFieldNames(hashLine, changed)).toEqual(['mode', 'hash']);
    expect(changedFieldNames(null, hashLine)).toEqual(['added']);
    expect(changedFieldNames('SSTATE_PKGSPEC=a', 'SSTATE_PKGSPEC=b')).toEqual(['SSTATE_PKGSPEC']);
    expect(fieldParts(hashLine, null)).toEqual([{ text: hashLine, changed: true }]);
  });
});

describe('outhash slice', () => {
  const detail = {
    row: {
      key: 'b1|:quilt-native:do_populate_sysroot:ab',
      pn: 'quilt-native',
      task: 'do_populate_sysroot',
      buildLabel: 'demo',
      outhashes: ['c'.repeat(64)],
    },
    files: [
      { kind: 'sstate', path: '/b/sstate-cache/x.tar.zst', hash: 'ab', mtimeMs: 1 },
      { kind: 'depsig', path: DEPSIG, hash: null, mtimeMs: 1 },
    ],
    reports: [],
  } as unknown as TaskDetail;

  it('prefills from a task: its archive, its depsig, the recorded outhash and the depsig header', async () => {
    const fake = fakeApi({
      'tasks.query': () =>
        ({ rows: [{ ...detail.row, depsig: true, sstate: true }], total: 1, offset: 0 }) as never,
      'tasks.detail': () => detail,
      'outhash.compute': ({ path: p }) => ({
        path: p,
        input: 'depsig',
        outhash: 'd'.repeat(64),
        entries: 4,
        lines,
      }),
    });
    const store = storeWith(fake);
    await store.getState().findOuthashTask('quilt-native');
    expect(store.getState().ohPrefill).toEqual({
      key: detail.row.key,
      label: 'quilt-native:do_populate_sysroot',
      path: '/b/sstate-cache/x.tar.zst',
      compareWith: DEPSIG,
      expected: 'c'.repeat(64),
      compareFrom: 'written by quilt-native:do_populate_sysroot in build demo',
      expectedFrom: 'quilt-native:do_populate_sysroot in hashserv.db (build demo)',
      task: 'populate_sysroot',
      pkgspec: 'sstate:quilt-native:x86_64-linux:0.67:r0:x86_64:14:',
      hashVersion: '18',
      extraSigdata: '',
    });
  });

  it('computes with lines as a job, diffs the depsig against the result, and verifies', async () => {
    const fake = fakeApi({
      'outhash.compute': ({ path: p }) => ({
        path: p,
        input: 'archive',
        outhash: 'c'.repeat(64),
        entries: 4,
        lines,
      }),
      'outhash.diff': () => ({ a: {}, b: {}, same: true, header: [], entries: [] }) as never,
    });
    const store = storeWith(fake);
    const req = {
      path: '/b/x.tar.zst',
      params: { task: 'populate_sysroot' },
      compareWith: DEPSIG,
      expected: 'C'.repeat(64),
    };
    await store.getState().runOuthash(req);
    expect(fake.inputs('outhash.compute')).toEqual([
      { path: '/b/x.tar.zst', params: { task: 'populate_sysroot' }, lines: true, jobId: 'outhash-1' },
    ]);
    expect(fake.inputs('outhash.diff')[0]).toMatchObject({
      a: DEPSIG,
      b: '/b/x.tar.zst',
      jobId: 'outhash-diff-2',
    });
    expect(store.getState().ohStatus).toBe('ready');
    // The verdict the view shows, from what the store kept: the typed value is compared folded.
    const { ohRequest, ohResult } = store.getState();
    const verdict = (expected: string) =>
      verifyVerdict({ computed: ohResult!.outhash, computedFrom: ohResult!.path, expected }).ok;
    expect(ohRequest?.expected).toBe('C'.repeat(64));
    expect(verdict(ohRequest!.expected!)).toBe(true);
    expect(verdict('e'.repeat(64))).toBe(false);
  });

  it('an unreadable path ends in an error with its code, and the job is cleared', async () => {
    const fake = fakeApi({});
    const store = storeWith(fake);
    await store.getState().runOuthash({ path: '/nope', params: { task: 'package' } });
    expect(store.getState().ohStatus).toBe('error');
    expect(store.getState().ohError?.code).toBe('UNSUPPORTED');
    expect(store.getState().ohJobId).toBeNull();
  });
});
