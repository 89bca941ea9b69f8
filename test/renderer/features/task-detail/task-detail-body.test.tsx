import path from 'node:path';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskDetailBody } from '../../../../renderer/features/task-detail/task-detail-view';
import { StoreProvider } from '../../../../renderer/state';
import type { TaskDetail } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { fakeApi, storeWith } from '../equivalence/fake-api';

// busybox:do_populate_sysroot of the fixture build: run 30554's depsig and its outhash.
const DEPSIG = path.join(
  FIXTURE_BUILDDIR,
  'tmp/work/core2-64-poky-linux/busybox/1.36.1/temp/depsig.do_populate_sysroot.30554',
);
const OUTHASH = '3bfe1cc6b41c17bc124c58136d1c270e61ab73b490640c0526f2bf5c5a6f9b3f';
const TASKHASH = 'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc';
const SIBLING = '71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d';

const detail = {
  row: {
    key: 'b1|:busybox:do_populate_sysroot:f1',
    pn: 'busybox',
    task: 'do_populate_sysroot',
    buildLabel: 'run2',
    mc: '',
    taskhash: TASKHASH,
    unihash: TASKHASH,
    unihashes: [],
    outhashes: [OUTHASH],
    sstate: false,
    stamp: true,
    sigdata: true,
    depsig: true,
    serverStatus: null,
    outcome: null,
  },
  files: [{ kind: 'depsig', path: DEPSIG, hash: null, mtimeMs: 1 }],
  reports: [
    {
      method: 'oe.sstatesig.OEOuthashBasic',
      outhash: OUTHASH,
      created: '2026-11-25 08:05',
      owner: null,
      pv: '1.36.1',
      pr: 'r0',
      hasSiginfo: false,
      source: '/b/cache/hashserv.db',
    },
  ],
  equivalence: null,
  siblings: [{ key: 'b1|:busybox:do_populate_sysroot:71', taskhash: SIBLING, unihash: SIBLING }],
} as unknown as TaskDetail;

describe('TaskDetailBody', () => {
  it('names its controls and tables, and keeps file flags readable as words', () => {
    render(
      <StoreProvider store={storeWith(fakeApi({}))}>
        <TaskDetailBody detail={detail} />
      </StoreProvider>,
    );
    // ✓/✗ are for the eye; a screen reader hears present/missing, and no flag splits from its mark.
    expect(screen.getByTestId('file-flags').textContent).toBe(
      'sstate ✗ missing · stamp ✓ present · sigdata ✓ present · depsig ✓ present',
    );
    expect(
      screen.getByRole('button', { name: 'Show the text of depsig.do_populate_sysroot.30554' }),
    ).toBeTruthy();
    const reports = screen.getByRole('table', { name: 'Outhash reports' });
    expect(within(reports).getByRole('button', { name: `Copy reported outhash ${OUTHASH}` })).toBeTruthy();
    // A sibling's shortened taskhash carries the full one.
    expect(screen.getByRole('button', { name: SIBLING.slice(0, 16) }).getAttribute('title')).toBe(
      `Open taskhash ${SIBLING}`,
    );
  });
});
