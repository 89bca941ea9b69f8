import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { formatErrorInfo } from '../../../shared/model/errors';
import type { SourceInfo } from '../../../shared/model/sources';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';

function detected(s: SourceInfo): string {
  const d = s.detected;
  if (!d) return '';
  return [
    d.schema && `schema ${d.schema}`,
    d.version && `v${d.version}`,
    d.release,
    d.journal,
    d.walIgnored && 'WAL not read',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A reader's count name as words: `distinctUnihashes` reads "distinct unihashes". */
export function countName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The counts a reader gave, zeros left out unless everything is zero (then that is the news). */
export function counts(s: Pick<SourceInfo, 'counts'>): string {
  const all = Object.entries(s.counts ?? {});
  const some = all.filter(([, v]) => v > 0);
  return (some.length ? some : all).map(([k, v]) => `${v.toLocaleString()} ${countName(k)}`).join(', ');
}

/**
 * The Sources view: every source discovery found, per build, with its kind, status, counts and
 * detected format; a failed source shows its error (code, file, position) and the rest of the
 * workspace keeps working.
 */
export function SourcesView() {
  const store = useAppStoreApi();
  const ws = useAppStore(selectActiveWorkspace);
  const sources = useAppStore((s) => s.sources);
  const status = useAppStore((s) => s.sourcesStatus);
  const error = useAppStore((s) => s.sourcesError);

  useEffect(() => {
    if (ws) void store.getState().loadSources();
  }, [store, ws]);

  if (!ws) {
    return (
      <EmptyState title="No build open">
        Open a build directory (the one holding <code>conf/local.conf</code>) or the demo from Start; its
        sources — hashserv.db, bb_unihashes.dat, stamps, depsig files, sstate cache — are listed here.
      </EmptyState>
    );
  }
  const failed = sources.filter((e) => e.source.status === 'error').length;
  const warnings = ws.builds.flatMap((b) => b.warnings.map((w) => ({ build: b.label, w })));
  return (
    <div className="view view--sources">
      <div className="toolbar" role="toolbar" aria-label="Sources">
        <span className="toolbar__count" data-testid="sources-count">
          {status === 'ready' ? `${sources.length} ${sources.length === 1 ? 'source' : 'sources'}` : '\u00a0'}
          {failed > 0 && <span className="bad"> · {failed} failed</span>}
        </span>
        {ws.builds.map((b) => (
          <span key={b.id} className="muted">
            {b.label}: {b.root ?? b.inputs.join(', ')} · indexed in {Math.round(b.indexMs)} ms
          </span>
        ))}
        <span className="toolbar__spacer" />
        <button
          type="button"
          aria-label="Refresh sources"
          onClick={() => void store.getState().loadSources()}
          disabled={status === 'loading'}
        >
          Refresh
        </button>
      </div>
      {error && <ErrorBanner error={error} onRetry={() => void store.getState().loadSources()} />}
      {warnings.length > 0 && (
        <ul className="warnings" aria-label="Problems that did not stop indexing">
          {warnings.map(({ build, w }, i) => (
            <li key={i} className="warn">
              {build}: {formatErrorInfo(w)}
            </li>
          ))}
        </ul>
      )}
      {status === 'ready' && sources.length === 0 ? (
        <EmptyState title="No sources found">
          Nothing readable was found in the given paths. Open a build directory (the one holding{' '}
          <code>conf/local.conf</code>), its <code>cache/</code> or an sstate cache.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="sources" aria-label="Sources" aria-busy={status === 'loading'}>
            <thead>
              <tr>
                <th>Status</th>
                <th>Kind</th>
                {ws.builds.length > 1 && <th>Build</th>}
                <th>mc</th>
                <th>Counts</th>
                <th>Detected</th>
                <th>Path</th>
              </tr>
            </thead>
            <tbody>
              {sources.map(({ build, buildLabel, source: s }) => (
                <tr
                  key={`${build}|${s.kind}|${s.path}`}
                  className={`source source--${s.status}`}
                  data-testid="source-row"
                >
                  <td>
                    <span className={`status status--${s.status}`}>{s.status}</span>
                  </td>
                  <td>{s.kind}</td>
                  {ws.builds.length > 1 && <td>{buildLabel}</td>}
                  <td>{s.mc ?? ''}</td>
                  <td className="num">{counts(s)}</td>
                  <td>{detected(s)}</td>
                  <td className="mono small">
                    {s.path}
                    {s.error && (
                      <div className="bad source__error" role="note">
                        <strong>{s.error.code}</strong> {formatErrorInfo(s.error)}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
