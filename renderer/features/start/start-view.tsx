import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/error-banner';
import { selectJobList, selectOpenStatus, useAppStore, useAppStoreApi } from '../../state';
import { NativeOpenButtons } from './native-open-buttons';

/** The path field with completion from the serving machine (web mode has no usable drop). */
function PathField({ busy }: { busy: boolean }) {
  const store = useAppStoreApi();
  const completion = useAppStore((s) => s.completion);
  const [path, setPath] = useState('');
  const [active, setActive] = useState(-1);
  const listId = useId();
  const entries = completion && completion.prefix === path ? completion.entries : [];

  const change = (v: string) => {
    setPath(v);
    setActive(-1);
    void store.getState().completePath(v);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const paths = path
      .split(/\n|,(?=\s*\/)/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (paths.length > 0) void store.getState().openPaths(paths);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (entries.length === 0) return;
    if (e.key === 'ArrowDown') setActive((a) => Math.min(entries.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(-1, a - 1));
    else if (e.key === 'Tab' || (e.key === 'Enter' && active >= 0)) {
      const pick = entries[Math.max(0, active)]!;
      change(pick.isDir ? `${pick.path}/` : pick.path);
    } else return;
    e.preventDefault();
  };

  return (
    <form onSubmit={submit} className="path-form">
      <div className="path-form__field">
        <input
          data-testid="open-path-input"
          aria-label="Path on the serving machine"
          aria-controls={entries.length > 0 ? listId : undefined}
          placeholder="/home/me/poky/build   (Tab completes)"
          value={path}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          disabled={busy}
        />
        {entries.length > 0 && (
          <ul id={listId} className="path-form__list" role="listbox" aria-label="Matching paths">
            {entries.slice(0, 50).map((en, i) => (
              <li
                key={en.path}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'is-active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  change(en.isDir ? `${en.path}/` : en.path);
                }}
              >
                <span className="mono">
                  {en.name}
                  {en.isDir ? '/' : ''}
                </span>
                {en.isBuild && <span className="tag tag--ok">build dir</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button
        type="submit"
        className="primary"
        data-testid="open-path-submit"
        disabled={busy || path.trim() === ''}
      >
        Open
      </button>
    </form>
  );
}

/**
 * Progress of opening: phase, counts per source as the engine reports them, and Cancel. Shared
 * with Compare builds, whose "Add build" runs the same open job.
 */
export function OpenProgress() {
  const store = useAppStoreApi();
  const status = useAppStore(selectOpenStatus);
  const jobs = useAppStore(useShallow(selectJobList));
  if (status.kind !== 'opening') return null;
  const job = jobs.find((j) => j.jobId === status.jobId);
  const p = job?.progress;
  const pct = p?.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <div className="open-progress" role="status" data-testid="open-status">
      <div>
        Opening {status.what}…{' '}
        <span className="muted">
          {p
            ? `${p.phase}: ${p.done.toLocaleString()}${p.total !== undefined ? ` / ${p.total.toLocaleString()}` : ''}`
            : 'starting'}
        </span>
      </div>
      {p?.current && <div className="mono small muted open-progress__current">{p.current}</div>}
      <div className="progress" aria-hidden="true">
        <div
          className={`progress__bar${pct === null ? ' is-indeterminate' : ''}`}
          style={{ width: `${pct ?? 30}%` }}
        />
      </div>
      <button type="button" onClick={() => void store.getState().cancelJob(status.jobId)}>
        Cancel
      </button>
    </div>
  );
}

/**
 * The Start view: open a build (drop zone and native Open… buttons in the desktop app, a
 * completing path field in web mode), the demo build, recent workspaces, and progress while
 * sources load.
 */
export function StartView() {
  const store = useAppStoreApi();
  const mode = useAppStore((s) => s.info?.mode ?? 'web');
  const status = useAppStore(selectOpenStatus);
  const recent = useAppStore((s) => s.recent);
  const busy = status.kind === 'opening';
  const [dropHint, setDropHint] = useState(false);

  useEffect(() => {
    void store.getState().loadRecent();
  }, [store]);

  return (
    <div className="view view--start">
      <div className="start">
        <h2 className="start__title">Open a build</h2>
        {mode === 'electron' ? (
          <div className="dropzone" aria-label="Drop zone">
            <strong>Drop a build directory or a file</strong>
            <p className="muted">
              A build directory, its cache/ or tmp/, an sstate cache, a hashserv.db, a sigdata or siginfo
              file.
            </p>
            <NativeOpenButtons disabled={busy} />
            <PathField busy={busy} />
          </div>
        ) : (
          <div
            className={`dropzone${dropHint ? ' is-over' : ''}`}
            aria-label="Open a path on the serving machine"
            onDragOver={(e) => {
              e.preventDefault();
              setDropHint(true);
            }}
            onDragLeave={() => setDropHint(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDropHint(false);
            }}
          >
            <strong>Type the path of a build directory or a file on the serving machine</strong>
            <p className="muted">
              {dropHint
                ? 'A browser does not tell the page where a dropped folder lives: type its path instead.'
                : 'A build directory, its cache/ or tmp/, an sstate cache, a hashserv.db, a sigdata or siginfo file. Several paths: one per line or comma-separated.'}
            </p>
            <PathField busy={busy} />
          </div>
        )}
        <div className="start__actions">
          <button
            type="button"
            data-testid="open-demo"
            disabled={busy}
            onClick={() => void store.getState().openDemo()}
          >
            Open the demo build
          </button>
          <span className="muted">
            A small generated build with equivalences, a multiconfig and a disagreement.
          </span>
        </div>
        <OpenProgress />
        {status.kind === 'error' && <ErrorBanner error={status.error} />}
        <h3>Recent</h3>
        {recent.length === 0 ? (
          <p className="muted">Nothing opened yet. What you open appears here.</p>
        ) : (
          <ul className="recent" aria-label="Recent workspaces">
            {recent.map((r) => (
              <li key={r.paths.join('\n')}>
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  onClick={() => void store.getState().openPaths(r.paths)}
                >
                  {r.label}
                </button>{' '}
                <span className="mono small muted">{r.paths.join(', ')}</span>{' '}
                <span className="muted small">{new Date(r.openedAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
