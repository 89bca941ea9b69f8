import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ReportPreview, SyncResult } from '../../../../shared/model/server-sync';
import { ServerView } from '../../../../renderer/features/server';
import { StoreProvider } from '../../../../renderer/state';
import { stubLayout } from '../../helpers/layout';
import { fakeApi, storeWith } from '../equivalence/fake-api';

const h = (n: number) => n.toString(16).padStart(64, '0');
const info = { address: '127.0.0.1:8686', version: null, username: null, permissions: [], latencyMs: 1.5 };
const sync: SyncResult = {
  server: '127.0.0.1:8686',
  checkedAt: '2026-11-25T10:00:00.000Z',
  tasks: [],
  summary: {
    total: 10,
    same: 6,
    different: 1,
    unknown: 3,
    serverOnly: 0,
    unihashesKnown: 7,
    unihashesUnknown: 3,
  },
};
const preview: ReportPreview = {
  server: '127.0.0.1:8686',
  items: [
    {
      report: { method: 'm', taskhash: h(1), outhash: h(2), unihash: h(1), PN: 'zlib', task: 'do_package' },
      prediction: 'new',
      predictedUnihash: h(1),
    },
    {
      report: { method: 'm', taskhash: h(3), outhash: h(2), unihash: h(3), PN: 'zlib', task: 'do_package' },
      prediction: 'equivalent',
      predictedUnihash: h(1),
    },
    {
      report: {
        method: 'm',
        taskhash: h(5),
        outhash: h(6),
        unihash: h(5),
        PN: 'busybox',
        task: 'do_package',
      },
      prediction: 'known',
      predictedUnihash: h(5),
    },
  ],
  toSend: 2,
  confirmation: 'confirm-abc',
};

function server() {
  return fakeApi({
    'server.connect': () => info,
    'server.stats': () => ({
      requests: { num: 42, total_time: 0.5, max_time: 0.0123, average: 0.00119, stdev: 0.001 },
    }),
    'server.compare': () => sync,
    'server.reportPreview': () => preview,
    'server.report': () => ({ server: '127.0.0.1:8686', sent: 2, results: [] }),
  });
}

describe('server slice', () => {
  it('connects, compares as a job, previews, and reports only with the preview confirmation', async () => {
    const fake = server();
    const store = storeWith(fake);
    await store.getState().connectServer({ address: '127.0.0.1:8686' });
    expect(store.getState().serverInfo).toEqual(info);
    await store.getState().compareWithServer();
    expect(store.getState().serverComparison?.summary.different).toBe(1);
    expect(fake.inputs('server.compare')[0]).toEqual({
      workspaceId: 'ws1',
      server: { address: '127.0.0.1:8686' },
      jobId: 'server-compare-1',
    });
    await store.getState().previewReport();
    expect(fake.inputs('server.report')).toHaveLength(0);
    await store.getState().confirmReport();
    expect(fake.inputs('server.report')[0]).toMatchObject({
      confirmation: 'confirm-abc',
      workspaceId: 'ws1',
    });
    expect(store.getState().serverOutcome?.sent).toBe(2);
    expect(store.getState().serverPreview).toBeNull();
  });

  it('a refused connection is an error of the connect step; compare without a server says so', async () => {
    const fake = fakeApi({});
    const store = storeWith(fake);
    await store.getState().connectServer({ address: '127.0.0.1:1' });
    const step = store.getState().serverConnect;
    expect(step.kind === 'error' && step.error.code).toBe('UNSUPPORTED');
    await store.getState().compareWithServer();
    const c = store.getState().serverCompare;
    expect(c.kind === 'error' && c.error.message).toBe('Connect to a server first');
    expect(fake.inputs('server.compare')).toHaveLength(0);
  });
});

describe('ServerView', () => {
  it('summary links open the matching task filter; a report needs the confirmation dialog', async () => {
    const restore = stubLayout();
    try {
      const fake = server();
      const store = storeWith(fake);
      render(
        <StoreProvider store={store}>
          <ServerView />
        </StoreProvider>,
      );
      expect(screen.getByRole('heading', { name: 'Not connected' })).toBeTruthy();
      await userEvent.type(screen.getByRole('textbox', { name: 'Address' }), '127.0.0.1:8686');
      await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
      expect((await screen.findByTestId('server-latency')).textContent).toBe('1.5 ms');
      await waitFor(() => expect(screen.getByTestId('server-requests').textContent).toBe('42'));
      expect(screen.getByText('avg 1.19 ms · max 12.3 ms')).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Compare workspace' }));
      await waitFor(() => expect(screen.getByTestId('srv-different').textContent).toBe('1'));
      expect(screen.getByRole('link', { name: 'Show in Tasks: different tasks' }).getAttribute('href')).toBe(
        '#/tasks?q=is%3Adiffers',
      );
      expect(screen.getByRole('link', { name: 'Show in Tasks: unknown tasks' }).getAttribute('href')).toBe(
        '#/tasks?q=is%3Anot-on-server',
      );

      await userEvent.click(screen.getByRole('button', { name: 'Preview report (dry run)' }));
      expect((await screen.findByTestId('preview-summary')).textContent).toContain(
        '3 local reports; 2 would be sent',
      );
      const grid = screen.getByRole('grid', { name: 'Report preview' });
      // Hashes in the preview: shortened, full in the tooltip, copied by a button that is no Tab stop.
      const copy = within(grid).getAllByRole('button', { name: `Copy outhash ${h(2)}` })[0]!;
      expect(copy.tabIndex).toBe(-1);
      expect(copy.parentElement!.getAttribute('title')).toBe(h(2));
      expect(
        within(grid).getAllByRole('button', { name: `Copy unihash after the report ${h(1)}` }),
      ).not.toHaveLength(0);
      await userEvent.click(screen.getByRole('button', { name: 'Send 2 reports…' }));
      const dialog = screen.getByRole('alertdialog', { name: 'Send 2 reports?' });
      expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
      await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      expect(fake.inputs('server.report')).toHaveLength(0);
      await userEvent.click(screen.getByRole('button', { name: 'Send 2 reports…' }));
      await userEvent.click(
        within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Send 2 reports' }),
      );
      expect((await screen.findByTestId('report-outcome')).textContent).toBe(
        'Sent 2 reports to 127.0.0.1:8686.',
      );
      expect(fake.inputs('server.report')).toHaveLength(1);
    } finally {
      restore();
    }
  });
});
