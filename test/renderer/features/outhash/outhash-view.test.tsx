import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OuthashView } from '../../../../renderer/features/outhash';
import { sideNames } from '../../../../renderer/features/outhash/verdicts';
import { StoreProvider, type AppStore } from '../../../../renderer/state';
import type { TaskDetail } from '../../../../shared/model/tasks';
import { InspectorError } from '../../../../shared/model/errors';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { stubLayout } from '../../helpers/layout';
import { fakeApi, storeWith, type FakeApi } from '../equivalence/fake-api';

// busybox's populate_sysroot of two runs of the fixture build: run 30554 added the vi applet.
const TEMP = path.join(FIXTURE_BUILDDIR, 'tmp/work/core2-64-poky-linux/busybox/1.36.1/temp');
const RUN2 = path.join(TEMP, 'depsig.do_populate_sysroot.30554');
const RUN1 = path.join(TEMP, 'depsig.do_populate_sysroot.29210');
const text = (p: string) => readFileSync(p, 'utf8');
const sigLines = (p: string) => text(p).split('\n');
const outhashOf = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const OUTHASH_RUN2 = '3bfe1cc6b41c17bc124c58136d1c270e61ab73b490640c0526f2bf5c5a6f9b3f';
const OUTHASH_RUN1 = 'a65f10e6f66f312eb01a2df6901c1c270997e3f6c16df51c73a4669e9737b994';

const result = (p: string) => ({
  path: p,
  input: 'depsig' as const,
  outhash: outhashOf(p),
  entries: sigLines(p).length - 4,
  lines: sigLines(p),
});

/** The entries of `b` not in `a` and the other way round, keyed by the path at the line's end. */
function lineDiff(a: string, b: string) {
  const la = sigLines(a).filter((l) => l !== '');
  const lb = sigLines(b).filter((l) => l !== '');
  const key = (l: string) => l.trim().split(/\s+/).slice(-3).join(' ');
  const entries = [
    ...la.filter((l) => !lb.includes(l)).map((l) => ({ path: key(l), a: l, b: null })),
    ...lb.filter((l) => !la.includes(l)).map((l) => ({ path: key(l), a: null, b: l })),
  ];
  return { a: result(a), b: result(b), same: entries.length === 0, header: [], entries };
}

const api = (extra: Parameters<typeof fakeApi>[0] = {}) =>
  fakeApi({
    'outhash.compute': ({ path: p }) => result(p),
    'outhash.diff': ({ a, b }) => lineDiff(a, b),
    ...extra,
  });

function renderView(fake: FakeApi): AppStore {
  const store = storeWith(fake);
  render(
    <StoreProvider store={store}>
      <OuthashView />
    </StoreProvider>,
  );
  return store;
}

/** Fills the form as a user would and computes. */
async function compute(fields: { path: string; compareWith?: string; expected?: string }) {
  const user = userEvent.setup();
  // Pasting, not typing: long paths typed key by key make the test slow for nothing.
  const fill = async (el: HTMLElement, value: string) => {
    await user.click(el);
    await user.paste(value);
  };
  await fill(screen.getByLabelText('Directory or sstate archive'), fields.path);
  await fill(screen.getByLabelText('Task', { exact: true }), 'populate_sysroot');
  if (fields.compareWith) await fill(screen.getByLabelText(/^Diff against/), fields.compareWith);
  if (fields.expected) await fill(screen.getByLabelText('Expected outhash'), fields.expected);
  await user.click(screen.getByRole('button', { name: 'Compute outhash' }));
  return user;
}

/** The text of an element (no jest-dom here). */
const txt = (el: Element | null | undefined) => el?.textContent ?? '';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout();
});
afterEach(() => restore());

describe('the task field', () => {
  it('may stay empty: the engine reads the task from an archive name (no task is sent)', async () => {
    const fake = api();
    renderView(fake);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Directory or sstate archive'));
    await user.paste(RUN2);
    await user.click(screen.getByRole('button', { name: 'Compute outhash' }));
    await waitFor(() => expect(fake.inputs('outhash.compute')).toHaveLength(1));
    expect(fake.inputs('outhash.compute')[0]!.params).toEqual({});
  });
});

describe('fixture facts the verdicts rest on', () => {
  it('the two runs’ depsig files hash to their outhashes and differ by the vi symlink', () => {
    expect(outhashOf(RUN2)).toBe(OUTHASH_RUN2);
    expect(outhashOf(RUN1)).toBe(OUTHASH_RUN1);
    expect(lineDiff(RUN1, RUN2).entries.map((e) => e.b)).toEqual([
      expect.stringMatching(/\.\/sysroot-destdir\/bin\/vi -> busybox\.nosuid$/),
    ]);
  });
  it('side names: file names, a depsig run from its pid, folders only when the names clash', () => {
    const [a, b] = sideNames(RUN1, RUN2);
    expect([a.name, a.run, b.name, b.run]).toEqual([
      'depsig.do_populate_sysroot.29210',
      'run 29210',
      'depsig.do_populate_sysroot.30554',
      'run 30554',
    ]);
    const [x, y] = sideNames('/b1/tmp/image', '/b2/tmp/image');
    expect([x.name, y.name, x.run]).toEqual(['b1/tmp/image', 'b2/tmp/image', null]);
    // An sstate archive keeps its recipe, hash start and task; the full path stays in `path`.
    const archive =
      '/s/68/83/sstate:acl:core2-64-poky-linux:2.3.2:r0:core2-64:14:68838ab9f0fd7afce2e176edeba64bc722333c99a3474232ab67c587cb7365cd_populate_sysroot.tar.zst';
    expect(sideNames(archive, RUN1)[0]).toEqual({
      name: 'sstate:acl:…:68838ab9f0…_populate_sysroot.tar.zst',
      path: archive,
      run: null,
    });
  });
});

describe('OuthashView verdicts vs the recorded outhash', () => {
  it('same: names the computed file and says the expected value was typed', async () => {
    renderView(api());
    await compute({ path: RUN2, expected: OUTHASH_RUN2.toUpperCase() });
    expect(txt(await screen.findByTestId('oh-verdict'))).toMatch(
      /^✓ Computed outhash = the expected outhash you entered$/,
    );
    expect(txt(screen.getByTestId('oh-verdict-detail'))).toMatch(
      'Computed from depsig.do_populate_sysroot.30554 (run 30554): 3bfe1cc6b41c…',
    );
    expect(txt(screen.getByTestId('oh-diff-none'))).toMatch(/^Not diffed: no depsig file or archive/);
  });

  it('different: both values, and what a different outhash means for equivalence', async () => {
    renderView(api());
    await compute({ path: RUN2, expected: OUTHASH_RUN1 });
    expect(txt(await screen.findByTestId('oh-verdict'))).toMatch(
      /^✗ Computed outhash ≠ the expected outhash you entered$/,
    );
    const detail = screen.getByTestId('oh-verdict-detail');
    expect(txt(detail)).toMatch('3bfe1cc6b41c…; expected a65f10e6f66f…');
    expect(txt(detail)).toMatch(
      'the hash equivalence server cannot fold this taskhash into the existing unihash',
    );
  });

  it('with a task’s recorded outhash: names the task, the hashserv.db and the build', async () => {
    const detail = {
      row: {
        key: 'b1|:busybox:do_populate_sysroot:ab',
        pn: 'busybox',
        task: 'do_populate_sysroot',
        buildLabel: 'run2',
        outhashes: [OUTHASH_RUN2],
      },
      files: [{ kind: 'depsig', path: RUN1, hash: null, mtimeMs: 1 }],
      reports: [
        {
          method: 'oe.sstatesig.OEOuthashBasic',
          outhash: OUTHASH_RUN2,
          created: null,
          owner: null,
          pv: null,
          pr: null,
          hasSiginfo: false,
          source: '/b/run2/cache/hashserv.db',
        },
      ],
    } as unknown as TaskDetail;
    const fake = api({
      'tasks.query': () => ({ rows: [{ ...detail.row, depsig: true }], total: 1, offset: 0 }) as never,
      'tasks.detail': () => detail,
    });
    renderView(fake);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Find a workspace task/ }), 'busybox{Enter}');
    expect(txt(await screen.findByTestId('oh-prefill'))).toMatch('from busybox:do_populate_sysroot');
    // The task has no archive: point it at run 2's depsig, leave the diff target and outhash as filled.
    await waitFor(() =>
      expect((screen.getByLabelText('Expected outhash') as HTMLInputElement).value).toBe(OUTHASH_RUN2),
    );
    await user.click(screen.getByLabelText('Directory or sstate archive'));
    await user.paste(RUN2);
    await user.click(screen.getByRole('button', { name: 'Compute outhash' }));
    expect(txt(await screen.findByTestId('oh-verdict'))).toMatch(
      /^✓ Computed outhash = recorded outhash of busybox:do_populate_sysroot in hashserv\.db \(build run2\)$/,
    );
    expect(txt(screen.getByTestId('oh-diff-verdict'))).toMatch(
      /^✗ Signature differs from depsig\.do_populate_sysroot\.29210 \(run 29210\), written by busybox:do_populate_sysroot in build run2: 1 line$/,
    );
  });

  it('without an expected outhash it says it did not verify, and how to', async () => {
    renderView(api());
    await compute({ path: RUN2 });
    expect(txt(await screen.findByTestId('oh-verdict-none'))).toMatch(
      'Not verified: no expected outhash given',
    );
    expect(screen.queryByTestId('oh-verdict')).toBeNull();
  });
});

describe('OuthashView verdicts vs the diff target', () => {
  it('different: “matches” beside “differs” names which comparison is which', async () => {
    renderView(api());
    await compute({ path: RUN2, compareWith: RUN1, expected: OUTHASH_RUN2 });
    expect(txt(await screen.findByTestId('oh-diff-verdict'))).toMatch(
      /^✗ Signature differs from depsig\.do_populate_sysroot\.29210 \(run 29210\): 1 line$/,
    );
    expect(txt(screen.getByTestId('oh-diff-verdict-detail'))).toMatch(
      'Outhash of depsig.do_populate_sysroot.30554 (run 30554) 3bfe1cc6b41c… ≠ a65f10e6f66f… of depsig.do_populate_sysroot.29210 (run 29210).',
    );
    expect(txt(screen.getByTestId('oh-diff-verdict-detail'))).toMatch('cannot fold this taskhash');
    expect(txt(screen.getByTestId('oh-verdict'))).toMatch(
      '✓ Computed outhash = the expected outhash you entered',
    );
    // The diff's column headers name the two files, and the one row is the new symlink.
    const grid = screen.getByRole('grid', { name: 'Sigtext differences' });
    expect(within(grid).getByText('depsig.do_populate_sysroot.29210 (run 29210)')).toBeTruthy();
    expect(within(grid).getByText('Computed: depsig.do_populate_sysroot.30554 (run 30554)')).toBeTruthy();
    expect(txt(within(grid).getAllByRole('row')[1])).toMatch('added');
  });

  it('same: another run with the same output, both files and runs named', async () => {
    renderView(api());
    // busybox's packagedata came out byte for byte the same in both runs.
    await compute({
      path: path.join(TEMP, 'depsig.do_packagedata.30612'),
      compareWith: path.join(TEMP, 'depsig.do_packagedata.29315'),
    });
    expect(txt(await screen.findByTestId('oh-diff-verdict'))).toMatch(
      /^✓ Same signature as depsig\.do_packagedata\.29315 \(run 29315\)$/,
    );
    expect(txt(screen.getByTestId('oh-diff-verdict-detail'))).toBe(
      'depsig.do_packagedata.30612 (run 30612) and depsig.do_packagedata.29315 (run 29315) have the same sigtext, so the same outhash 10b2c79d958c….',
    );
    // Nothing differs: the signature text is what is shown.
    expect(screen.getByRole('grid', { name: 'Signature text' })).toBeTruthy();
  });
});

describe('OuthashView states', () => {
  it('computing: names the file being read, shows progress, and cancels by its job', async () => {
    let finish: (v: unknown) => void = () => {};
    const fake = api({
      'outhash.compute': () => new Promise((r) => (finish = r)),
      'job.cancel': () => ({ cancelled: true }),
    });
    const store = renderView(fake);
    const user = await compute({ path: RUN2 });
    expect((screen.getByRole('button', { name: 'Computing…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(txt(screen.getByTestId('oh-progress'))).toMatch(
      'Computing the outhash of depsig.do_populate_sysroot.30554 (run 30554): starting…',
    );
    store.getState().jobProgress({
      jobId: 'outhash-1',
      method: 'outhash.compute',
      progress: { phase: 'hash', done: 3, total: 12 },
    });
    await waitFor(() => expect(txt(screen.getByTestId('oh-progress'))).toMatch(/: hash 3\/12$/));
    await user.click(screen.getByRole('button', { name: 'Cancel the outhash computation' }));
    expect(fake.inputs('job.cancel')).toEqual([{ jobId: 'outhash-1' }]);
    finish(result(RUN2));
    expect(await screen.findByTestId('oh-verdict-none')).toBeTruthy();
  });

  it('an unreadable input: the error with its file, and what to check', async () => {
    const fake = api({
      'outhash.compute': ({ path: p }) => {
        throw new InspectorError('NOT_FOUND', 'No such file or directory', { file: p });
      },
    });
    renderView(fake);
    await compute({ path: '/nope/x.tar.zst' });
    expect(txt(await screen.findByRole('alert'))).toMatch('/nope/x.tar.zst: No such file or directory');
    expect(txt(screen.getByTestId('oh-error-hint'))).toMatch(
      /^Could not compute the outhash of \/nope\/x\.tar\.zst\. Check that it is a directory, an sstate archive/,
    );
  });

  it('an unreadable diff target: the computed result stays, the hint names the target', async () => {
    const fake = api({
      'outhash.diff': ({ a }) => {
        throw new InspectorError('NOT_FOUND', 'No such file or directory', { file: a });
      },
    });
    renderView(fake);
    await compute({ path: RUN2, compareWith: '/nope/depsig.do_populate_sysroot.1' });
    expect(txt(await screen.findByTestId('oh-error-hint'))).toMatch(
      'The outhash of depsig.do_populate_sysroot.30554 (run 30554) was computed, but the diff target /nope/depsig.do_populate_sysroot.1 could not be read.',
    );
    expect(txt(screen.getByRole('region', { name: 'Outhash result' }))).toMatch(OUTHASH_RUN2);
  });

  it('a task without a depsig file or a recorded outhash says so, and what to add', async () => {
    const detail = {
      row: { key: 'k', pn: 'zlib', task: 'do_package', buildLabel: 'b', outhashes: [] },
      files: [{ kind: 'sstate', path: '/s/sstate:zlib.tar.zst', hash: 'ab', mtimeMs: 1 }],
      reports: [],
    } as unknown as TaskDetail;
    const fake = api({
      'tasks.query': () => ({ rows: [{ ...detail.row, sstate: true }], total: 1, offset: 0 }) as never,
      'tasks.detail': () => detail,
    });
    renderView(fake);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Find a workspace task/ }), 'zlib');
    await user.click(screen.getByRole('button', { name: 'Use task' }));
    expect(txt(await screen.findByTestId('oh-no-depsig'))).toMatch(
      /^No depsig file for zlib:do_package: nothing to diff against\./,
    );
    expect(txt(screen.getByTestId('oh-no-recorded'))).toMatch(
      /^No recorded outhash for zlib:do_package: nothing to verify against\. Add the build’s cache\/hashserv\.db/,
    );
  });
});
