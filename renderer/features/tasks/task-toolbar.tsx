import { formatErrorInfo } from '../../../shared/model/errors';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import { setTextField } from './query';
import { selectParsedFilter } from './selectors';

/** Offers a text as a file download (web and Electron alike: no file system access needed). */
function download(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Above the table: how many rows match, the build selector, export of the current filter. */
export function TaskToolbar() {
  const store = useAppStoreApi();
  const ws = useAppStore(selectActiveWorkspace);
  const total = useAppStore((s) => s.tableTotal);
  const exp = useAppStore((s) => s.exportStatus);
  const build = useAppStore(selectParsedFilter).query.build;
  const all = ws?.counts.rows;

  const exportAs = async (format: 'csv' | 'json') => {
    const res = await store.getState().exportTable(format);
    if (res) download(res.filename, res.mime, res.content);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Task table">
      <span className="toolbar__count" data-testid="task-total" aria-live="polite">
        {total === null ? '\u00a0' : `${total.toLocaleString()} ${total === 1 ? 'task' : 'tasks'}`}
        {total !== null && all !== undefined && all !== total && (
          <span className="muted"> of {all.toLocaleString()}</span>
        )}
      </span>
      {ws && ws.builds.length > 1 && (
        <label className="toolbar__build">
          Build{' '}
          <select
            aria-label="Build"
            value={build ?? ''}
            onChange={(e) =>
              void store
                .getState()
                .setFilterText(setTextField(store.getState().tableText, 'build', e.target.value || null))
            }
          >
            <option value="">all builds</option>
            {ws.builds.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label} ({b.id})
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="toolbar__spacer" />
      {exp.kind === 'running' && <span role="status">Exporting {exp.format.toUpperCase()}…</span>}
      {exp.kind === 'done' && (
        <span role="status" className="muted">
          Exported {exp.rows.toLocaleString()} rows to {exp.filename}
        </span>
      )}
      {exp.kind === 'error' && (
        <span role="alert" className="error">
          {formatErrorInfo(exp.error)}
        </span>
      )}
      <button
        type="button"
        onClick={() => void exportAs('csv')}
        disabled={exp.kind === 'running' || !total}
        title="Export the filtered rows as CSV"
      >
        Export CSV
      </button>
      <button
        type="button"
        onClick={() => void exportAs('json')}
        disabled={exp.kind === 'running' || !total}
        title="Export the filtered rows as JSON"
      >
        Export JSON
      </button>
    </div>
  );
}
