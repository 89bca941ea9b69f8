import path from 'node:path';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { counts, SourcesView } from '../../../../renderer/features/sources/sources-view';
import { StoreProvider } from '../../../../renderer/state';
import type { SourceEntry } from '../../../../shared/contract';
import type { WorkspaceSummary } from '../../../../shared/model/tasks';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';
import { fakeApi, storeWith } from '../equivalence/fake-api';

// The fixture build's hashserv.db: 46 unihash rows (36 distinct unihashes), 46 outhash rows.
const DB = path.join(FIXTURE_BUILDDIR, 'cache/hashserv.db');
const entries: SourceEntry[] = [
  {
    build: 'b1',
    buildLabel: 'builddir',
    source: {
      kind: 'hashserv-db',
      path: DB,
      status: 'ok',
      counts: { unihashes: 46, outhashes: 46, distinctUnihashes: 36 },
    },
  },
] as SourceEntry[];
const ws = {
  id: 'ws1',
  builds: [{ id: 'b1', label: 'builddir', root: FIXTURE_BUILDDIR, inputs: [], warnings: [], indexMs: 12 }],
} as unknown as WorkspaceSummary;

describe('SourcesView', () => {
  it('count names read as words', () => {
    expect(counts(entries[0]!.source)).toBe('46 unihashes, 46 outhashes, 36 distinct unihashes');
    expect(counts({ counts: { stamp: 0, sigdata: 0 } })).toBe('0 stamp, 0 sigdata');
  });

  it('lists the sources; Refresh is named and asks again', async () => {
    const fake = fakeApi({ 'sources.list': () => entries });
    const store = storeWith(fake);
    store.setState({ workspaces: [ws] });
    render(
      <StoreProvider store={store}>
        <SourcesView />
      </StoreProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('sources-count').textContent).toBe('1 source'));
    expect(screen.getByTestId('source-row').textContent).toContain('36 distinct unihashes');
    await userEvent.click(screen.getByRole('button', { name: 'Refresh sources' }));
    await waitFor(() => expect(fake.inputs('sources.list')).toHaveLength(2));
  });

  it('without a workspace it says what to open instead of a blank page', () => {
    const store = storeWith(fakeApi({}));
    store.setState({ activeWorkspaceId: null });
    render(
      <StoreProvider store={store}>
        <SourcesView />
      </StoreProvider>,
    );
    expect(screen.getByRole('heading', { name: 'No build open' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('conf/local.conf');
  });
});
