import './task-detail.css';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import type { TaskDetail, TaskFile } from '../../../shared/model/tasks';
import { useAppStore, useAppStoreApi } from '../../state';
import { disagrees } from '../tasks/columns';
import { SigSection } from './sig-section';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="detail__section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** One depsig file and, on demand, its text (the outhash input as recorded at build time). */
function DepsigFile({ file, task }: { file: TaskFile; task: string }) {
  const store = useAppStoreApi();
  const depsig = useAppStore((s) => s.depsig);
  const mine = depsig.path === file.path;
  return (
    <li>
      <span className="mono small">{file.path}</span>{' '}
      <button
        type="button"
        aria-label={`${mine && depsig.status === 'ready' ? 'Reload' : 'Show'} the text of ${file.path.split(/[\\/]/).pop()}`}
        onClick={() => void store.getState().loadDepsig(file.path, task)}
        disabled={mine && depsig.status === 'loading'}
      >
        {mine && depsig.status === 'ready' ? 'Reload' : 'Show the text'}
      </button>
      {mine && depsig.status === 'loading' && <span role="status"> reading…</span>}
      {mine && depsig.error && <ErrorBanner error={depsig.error} />}
      {mine && depsig.value && (
        <>
          <p className="small">
            {depsig.value.entries} entries · outhash{' '}
            <HashText hash={depsig.value.outhash} label="depsig outhash" />
          </p>
          {/* Focusable: a scrolling block must scroll from the keyboard too. */}
          <pre className="depsig" data-testid="depsig-text" tabIndex={0}>
            {(depsig.value.lines ?? []).join('\n')}
          </pre>
        </>
      )}
    </li>
  );
}

/** Everything known about one task, in sections: hashes, sigdata, files, reports, class, siblings. */
export function TaskDetailBody({ detail }: { detail: TaskDetail }) {
  const store = useAppStoreApi();
  const { row, files, reports, equivalence, siblings } = detail;
  const bad = disagrees(row);
  const depsigs = files.filter((f) => f.kind === 'depsig');
  return (
    <div className="detail__body">
      <Section title="Hashes">
        <dl className="kv">
          <dt>Taskhash</dt>
          <dd>
            <HashText hash={row.taskhash} chars={64} label="taskhash" />
          </dd>
          <dt>Unihash</dt>
          <dd>
            <HashText
              hash={row.unihash}
              chars={64}
              label="unihash"
              className={bad ? 'is-disagree' : row.unihash !== row.taskhash ? 'is-equivalent' : ''}
            />
            {row.unihash && row.taskhash && row.unihash !== row.taskhash && (
              <span className="equiv small"> equivalent: reuses an earlier output</span>
            )}
          </dd>
          <dt>Outhash</dt>
          <dd>
            {row.outhashes.length === 0 ? (
              <span className="muted">none recorded</span>
            ) : (
              row.outhashes.map((o) => <HashText key={o} hash={o} chars={64} label="outhash" />)
            )}
          </dd>
          <dt>Files</dt>
          <dd className="file-flags" data-testid="file-flags">
            {(
              [
                ['sstate', row.sstate],
                ['stamp', row.stamp],
                ['sigdata', row.sigdata],
                ['depsig', row.depsig],
              ] as const
            ).map(([kind, present], i) => (
              <span key={kind}>
                {i > 0 && ' · '}
                {kind} <span aria-hidden="true">{present ? '✓' : '✗'}</span>
                <span className="sr-only">{present ? ' present' : ' missing'}</span>
              </span>
            ))}
          </dd>
          <dt>Server</dt>
          <dd>{row.serverStatus ?? <span className="muted">not asked (Server view)</span>}</dd>
          <dt>Outcome</dt>
          <dd>{row.outcome ?? <span className="muted">no event log</span>}</dd>
        </dl>
        <table className={`sources-of${bad ? ' is-disagree' : ''}`} aria-label="Unihash per source">
          <thead>
            <tr>
              <th>Source</th>
              <th>Unihash</th>
              <th>Path</th>
            </tr>
          </thead>
          <tbody>
            {row.unihashes.map((u) => (
              <tr key={`${u.kind}|${u.path}`} className={bad && u.unihash !== row.unihash ? 'bad' : ''}>
                <td>{u.kind}</td>
                <td>
                  <HashText hash={u.unihash} chars={16} label={`unihash from ${u.kind}`} />
                </td>
                <td className="mono small">{u.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Signature data">
        <SigSection row={row} />
      </Section>
      <Section title={`Depsig (${depsigs.length})`}>
        {depsigs.length === 0 ? (
          <p className="muted">
            No depsig file in the work directory (removed by rm_work, or the task has no output).
          </p>
        ) : (
          <ul className="files">
            {depsigs.map((f) => (
              <DepsigFile key={f.path} file={f} task={row.task ?? ''} />
            ))}
          </ul>
        )}
      </Section>
      <Section title={`Files (${files.length})`}>
        <ul className="files">
          {files.map((f) => (
            <li key={`${f.kind}|${f.path}`}>
              <span className="tag">{f.kind}</span> <span className="mono small">{f.path}</span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={`Outhash reports (${reports.length})`}>
        {reports.length === 0 ? (
          <p className="muted">No outhash reported for this taskhash in the local databases.</p>
        ) : (
          <table className="reports" aria-label="Outhash reports">
            <thead>
              <tr>
                <th>Outhash</th>
                <th>Created</th>
                <th>Owner</th>
                <th>PV-PR</th>
                <th>Method</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r, i) => (
                <tr key={i}>
                  <td>
                    <HashText hash={r.outhash} label="reported outhash" />
                  </td>
                  <td>{r.created ?? '—'}</td>
                  <td>{r.owner ?? '—'}</td>
                  <td>{[r.pv, r.pr].filter(Boolean).join('-') || '—'}</td>
                  <td className="small">{r.method}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={`Equivalence class (${equivalence?.members.length ?? 0})`}>
        {!equivalence ? (
          <p className="muted">No class known for this unihash.</p>
        ) : (
          <ul className="members">
            {equivalence.members.map((m) => (
              <li key={m.taskhash} className={m.taskhash === row.taskhash ? 'is-current' : ''}>
                <button
                  type="button"
                  className="link mono"
                  onClick={() => void store.getState().openTaskByHash(m.taskhash)}
                  title={`Open taskhash ${m.taskhash}`}
                >
                  {m.taskhash.slice(0, 16)}
                </button>{' '}
                {m.canonical && <span className="tag tag--equiv">canonical</span>} {m.pn}:{m.task}{' '}
                <span className="muted">{m.created ?? ''}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {siblings.length > 0 && (
        <Section title={`Other runs of this task (${siblings.length})`}>
          <ul className="members">
            {siblings.map((s) => (
              <li key={s.key}>
                <button
                  type="button"
                  className="link mono"
                  onClick={() => store.getState().selectKey(s.key)}
                  title={`Open taskhash ${s.taskhash ?? s.key}`}
                >
                  {s.taskhash?.slice(0, 16) ?? s.key}
                </button>{' '}
                → <HashText hash={s.unihash} label="sibling unihash" />
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

function DetailHeader({ detail, full }: { detail: TaskDetail; full: boolean }) {
  const store = useAppStoreApi();
  const r = detail.row;
  return (
    <header className="detail__head">
      <h2>
        {r.pn ?? '?'}:<span className="detail__task">{r.task ?? '?'}</span>
      </h2>
      <span className="muted">
        {r.mc ? `mc ${r.mc} · ` : ''}
        {r.buildLabel}
      </span>
      <span className="toolbar__spacer" />
      {full ? (
        <button
          type="button"
          onClick={() => store.getState().goBack()}
          // The visible words are part of the name (WCAG 2.5.3, label in name).
          aria-label="Back to the task list, Esc"
          aria-keyshortcuts="Escape"
        >
          ← Task list <kbd>Esc</kbd>
        </button>
      ) : (
        <button
          type="button"
          onClick={() => store.getState().navigate('task')}
          title="Open the task full size (Enter)"
          aria-keyshortcuts="Enter"
        >
          Open <kbd>Enter</kbd>
        </button>
      )}
    </header>
  );
}

function DetailContent({ full }: { full: boolean }) {
  const store = useAppStoreApi();
  const key = useAppStore((s) => s.tableSelectedKey);
  const detail = useAppStore((s) => s.detail);
  if (!key)
    return (
      <EmptyState title="No task selected">
        Pick a row: click it, or move with <kbd>j</kbd>/<kbd>k</kbd> and press <kbd>Enter</kbd> to open it
        full size.
      </EmptyState>
    );
  if (detail.status === 'error' && detail.error)
    return (
      <div className="detail">
        <ErrorBanner error={detail.error} onRetry={() => void store.getState().loadDetail(key)} />
      </div>
    );
  if (!detail.value || detail.value.row.key !== key)
    return (
      <p className="muted detail__loading" role="status">
        Loading the task…
      </p>
    );
  return (
    <article className="detail" aria-label={`Task ${detail.value.row.pn}:${detail.value.row.task}`}>
      <DetailHeader detail={detail.value} full={full} />
      <TaskDetailBody detail={detail.value} />
    </article>
  );
}

/** The detail pane beside the task table. */
export function TaskDetailPane() {
  return (
    <aside className="detail-pane" aria-label="Task detail">
      <DetailContent full={false} />
    </aside>
  );
}

/** The task detail as a full view (`#/task?sel=<key>`); Esc goes back to the list. */
export function TaskDetailView() {
  return (
    <div className="view view--task">
      <DetailContent full />
    </div>
  );
}
