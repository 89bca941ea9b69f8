import '../equivalence/analysis.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReportPreviewItem } from '../../../shared/model/server-sync';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { useAppStore, useAppStoreApi } from '../../state';
import { count } from '../equivalence/format';
import { tasksLink } from '../why-rebuilt/links';
import type { ServerStep } from './slice';
import { unixSocketHint } from './unix-socket-hint';

const previewColumns: Column<ReportPreviewItem>[] = [
  {
    id: 'task',
    header: 'Recipe:task',
    width: 'minmax(8rem, 1fr)',
    render: (i) => `${i.report.PN ?? '?'}:${i.report.task ?? '?'}`,
  },
  {
    id: 'taskhash',
    header: 'Taskhash',
    width: '9.5rem',
    // Full hash in the tooltip and on the clipboard; the rows stay the grid's Tab stops.
    render: (i) => <HashText hash={i.report.taskhash} chars={12} label="taskhash" tabbable={false} />,
  },
  {
    id: 'outhash',
    header: 'Outhash',
    width: '9.5rem',
    render: (i) => <HashText hash={i.report.outhash} chars={12} label="outhash" tabbable={false} />,
  },
  {
    id: 'prediction',
    header: 'Server would',
    width: '11rem',
    render: (i) => (
      <span className={`chip pred--${i.prediction}`}>
        {i.prediction === 'known'
          ? 'already know it'
          : i.prediction === 'equivalent'
            ? 'fold into existing'
            : 'record as new'}
      </span>
    ),
  },
  {
    id: 'unihash',
    header: 'Unihash after',
    width: '9.5rem',
    render: (i) => (
      <HashText hash={i.predictedUnihash} chars={12} label="unihash after the report" tabbable={false} />
    ),
  },
];

function StepProgress({ step, label }: { step: ServerStep; label: string }) {
  const store = useAppStoreApi();
  const progress = useAppStore((s) =>
    step.kind === 'running' && step.jobId ? (s.jobs[step.jobId]?.progress ?? null) : null,
  );
  if (step.kind !== 'running') return null;
  const pct = progress?.total ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="progress-line" role="status" aria-live="polite">
      <span>
        {label}:{' '}
        {progress
          ? `${progress.phase} ${count(progress.done)}${progress.total ? ` / ${count(progress.total)}` : ''}`
          : 'starting…'}
      </span>
      <progress max={100} value={pct ?? undefined} aria-label={`${label} progress`} />
      {step.jobId && (
        <button type="button" onClick={() => void store.getState().cancelServerJob()}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** The explicit confirmation before the only write the app ever makes. */
function ConfirmDialog({
  server,
  n,
  onConfirm,
  onCancel,
}: {
  server: string;
  n: number;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="report-title"
        aria-describedby="report-desc"
      >
        <h2 id="report-title">Send {n} reports?</h2>
        <p id="report-desc">
          This writes to <strong>{server}</strong>: {n} outhash reports from this workspace, exactly as
          previewed. A hash equivalence server keeps what it is sent; this cannot be undone from here.
        </p>
        <div className="dialog__actions">
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary danger" onClick={onConfirm}>
            Send {n} reports
          </button>
        </div>
      </div>
    </div>
  );
}

/** Props of ServerView (`#/server?q=<address>` fills the address). */
export interface ServerViewProps {
  q?: string | undefined;
}

/**
 * Server: connect to a hash equivalence server (address, optional login), see who we are and the
 * latency, compare the whole workspace with progress, and read the answer as a summary whose
 * counts open the matching filter in Tasks. Reporting is a dry-run preview first, then an
 * explicit confirmation.
 */
export function ServerView({ q }: ServerViewProps) {
  const store = useAppStoreApi();
  const s = useAppStore(
    useShallow((st) => ({
      workspaceId: st.activeWorkspaceId,
      target: st.serverTarget,
      info: st.serverInfo,
      stats: st.serverStats,
      connect: st.serverConnect,
      comparison: st.serverComparison,
      compare: st.serverCompare,
      preview: st.serverPreview,
      previewStep: st.serverPreviewStep,
      outcome: st.serverOutcome,
      reportStep: st.serverReportStep,
    })),
  );
  const platform = useAppStore((st) => st.info?.platform);
  const [address, setAddress] = useState(q ?? s.target?.address ?? '');
  const windowsHint = unixSocketHint(address, platform);
  const [username, setUsername] = useState(s.target?.username ?? '');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const items = s.preview?.items ?? [];
  const getItem = useCallback((i: number) => items[i], [items]);

  const connect = (e: React.FormEvent) => {
    e.preventDefault();
    if (!address.trim()) return;
    void store.getState().connectServer({
      address: address.trim(),
      ...(username.trim() ? { username: username.trim() } : {}),
      ...(token ? { token } : {}),
      ...(remember ? { remember } : {}),
    });
  };

  const sum = s.comparison?.summary;
  const cards: Array<{
    key: string;
    label: string;
    n: number | undefined;
    filter: string | null;
    hint: string;
  }> = [
    { key: 'same', label: 'Same', n: sum?.same, filter: null, hint: 'the server gives our unihash' },
    {
      key: 'different',
      label: 'Different',
      n: sum?.different,
      filter: 'is:differs',
      hint: 'the server maps it elsewhere',
    },
    {
      key: 'unknown',
      label: 'Unknown',
      n: sum?.unknown,
      filter: 'is:not-on-server',
      hint: 'the server has no mapping',
    },
    {
      key: 'server-only',
      label: 'Server only',
      n: sum?.serverOnly,
      filter: 'is:server-only',
      hint: 'known only to the server',
    },
  ];

  return (
    <div className="an-view an-view--scroll" aria-label="Server">
      <form className="oh-form" onSubmit={connect} aria-label="Connect to a hash equivalence server">
        <div className="oh-form__grid oh-form__grid--server">
          <label>
            Address
            <input
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder="host:port, ws://host:port, unix:///path"
              autoComplete="off"
            />
          </label>
          <label>
            User (optional)
            <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
          </label>
          <label>
            Token
            <input
              type="password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoComplete="current-password"
            />
          </label>
          <label className="an-check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            Remember token
          </label>
        </div>
        <div className="oh-form__row">
          <button
            type="submit"
            className="primary"
            disabled={!address.trim() || s.connect.kind === 'running'}
          >
            {s.connect.kind === 'running' ? 'Connecting…' : s.info ? 'Ping again' : 'Connect'}
          </button>
          {s.info && (
            <button type="button" onClick={() => store.getState().disconnectServer()}>
              Disconnect
            </button>
          )}
        </div>
      </form>
      {windowsHint && (
        <p className="an-note" role="note" data-testid="unix-socket-hint">
          {windowsHint}
        </p>
      )}
      {s.connect.kind === 'error' && <ErrorBanner error={s.connect.error} />}
      {s.info ? (
        <section className="an-cards" aria-label="Connection">
          <div className="an-card">
            <div className="an-card__label">Server</div>
            <div className="an-card__value an-card__value--text" data-testid="server-address">
              {s.info.address}
            </div>
            <div className="an-card__hint">
              {s.info.version ? `version ${s.info.version}` : 'version not reported'}
            </div>
          </div>
          <div className="an-card">
            <div className="an-card__label">Signed in as</div>
            <div className="an-card__value an-card__value--text">{s.info.username ?? 'anonymous'}</div>
            <div className="an-card__hint">
              {s.info.permissions.length ? s.info.permissions.join(' ') : 'no extra permissions'}
            </div>
          </div>
          <div className="an-card">
            <div className="an-card__label">Ping</div>
            <div className="an-card__value" data-testid="server-latency">
              {s.info.latencyMs} ms
            </div>
            <div className="an-card__hint">one request round trip</div>
          </div>
          <div className="an-card">
            <div className="an-card__label">Server requests</div>
            <div className="an-card__value" data-testid="server-requests">
              {s.stats ? count(s.stats.requests.num) : '—'}
            </div>
            <div className="an-card__hint">
              {s.stats
                ? `avg ${(s.stats.requests.average * 1000).toFixed(2)} ms · max ${(s.stats.requests.max_time * 1000).toFixed(1)} ms`
                : 'statistics not available'}
            </div>
          </div>
        </section>
      ) : (
        s.connect.kind !== 'error' && (
          <EmptyState title="Not connected">
            Give the address of your hash equivalence server (BB_HASHSERVE, e.g.{' '}
            <code>hashserv.example.com:8687</code> or <code>wss://…</code>). Reading needs no login; reporting
            needs a user with the @report permission.
          </EmptyState>
        )
      )}

      {s.info && (
        <section className="an-section" aria-label="Compare the workspace">
          <div className="an-section__head">
            <h3>Compare the workspace with the server</h3>
            <button
              type="button"
              className="primary"
              disabled={!s.workspaceId || s.compare.kind === 'running'}
              onClick={() => void store.getState().compareWithServer()}
            >
              {s.comparison ? 'Compare again' : 'Compare workspace'}
            </button>
          </div>
          {!s.workspaceId && <p className="muted">Open a build first: its tasks are what is compared.</p>}
          <StepProgress step={s.compare} label="Comparing" />
          {s.compare.kind === 'error' && <ErrorBanner error={s.compare.error} />}
          <div className="an-cards" aria-label="Comparison summary">
            {cards.map((c) => (
              <div key={c.key} className={`an-card srv-${c.key}`}>
                <div className="an-card__label">{c.label}</div>
                <div className="an-card__value" data-testid={`srv-${c.key}`}>
                  {c.n === undefined ? '—' : count(c.n)}
                </div>
                <div className="an-card__hint">
                  {c.filter && c.n ? (
                    <a
                      href={tasksLink(c.filter)}
                      aria-label={`Show in Tasks: ${c.label.toLowerCase()} tasks`}
                    >
                      Show in Tasks →
                    </a>
                  ) : (
                    c.hint
                  )}
                </div>
              </div>
            ))}
          </div>
          {s.comparison && (
            <p className="muted">
              {count(s.comparison.summary.total)} tasks asked at{' '}
              {s.comparison.checkedAt.replace('T', ' ').slice(0, 19)};{' '}
              {count(s.comparison.summary.unihashesKnown)} of our unihashes are known to the server.
            </p>
          )}
        </section>
      )}

      {s.info && (
        <section className="an-section" aria-label="Report outhashes">
          <div className="an-section__head">
            <h3>Report local outhashes</h3>
            <button
              type="button"
              disabled={!s.workspaceId || s.previewStep.kind === 'running'}
              onClick={() => void store.getState().previewReport()}
            >
              Preview report (dry run)
            </button>
            {s.preview && (
              <button
                type="button"
                className="primary"
                disabled={s.preview.toSend === 0 || s.reportStep.kind === 'running'}
                onClick={() => setConfirming(true)}
              >
                Send {s.preview.toSend} reports…
              </button>
            )}
          </div>
          <StepProgress step={s.previewStep} label="Preview" />
          <StepProgress step={s.reportStep} label="Reporting" />
          {s.previewStep.kind === 'error' && <ErrorBanner error={s.previewStep.error} />}
          {s.reportStep.kind === 'error' && <ErrorBanner error={s.reportStep.error} />}
          {s.outcome && (
            <div className="verdict verdict--ok" role="status" data-testid="report-outcome">
              Sent {s.outcome.sent} reports to {s.outcome.server}.
            </div>
          )}
          {s.preview && (
            <>
              <p className="muted" data-testid="preview-summary">
                Dry run: {items.length} local reports; {s.preview.toSend} would be sent (
                {items.filter((i) => i.prediction === 'equivalent').length} fold into an existing unihash,{' '}
                {items.filter((i) => i.prediction === 'new').length} new,{' '}
                {items.filter((i) => i.prediction === 'known').length} already known). Nothing has been
                written.
              </p>
              <div className="srv-preview">
                <VirtualTable
                  label="Report preview"
                  columns={previewColumns}
                  rowCount={items.length}
                  getRow={getItem}
                />
              </div>
            </>
          )}
        </section>
      )}
      {confirming && s.preview && (
        <ConfirmDialog
          server={s.preview.server}
          n={s.preview.toSend}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void store.getState().confirmReport();
          }}
        />
      )}
    </div>
  );
}
