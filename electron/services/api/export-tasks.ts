import type { ExportResult } from '../../../shared/contract/api-schemas';
import { MAX_EXPORT_ROWS } from '../../../shared/contract/api-schemas';
import { InspectorError } from '../../../shared/model/errors';
import type { TaskQuery, TaskRow } from '../../../shared/model/tasks';
import { MAX_PAGE_LIMIT } from '../../../shared/model/tasks';
import { throwIfCancelled } from '../jobs/cancel';
import type { EngineWorkspace, JobOptions } from './engine';

/** The CSV columns, in order (the JSON export has the full rows). */
export const CSV_COLUMNS = [
  'build',
  'mc',
  'pn',
  'task',
  'taskhash',
  'unihash',
  'outhashes',
  'class_size',
  'sstate',
  'server_status',
  'outcome',
  'created',
] as const;

/** One CSV field (RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it). */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRow(r: TaskRow): string {
  return [
    r.buildLabel,
    r.mc,
    r.pn,
    r.task,
    r.taskhash,
    r.unihash,
    r.outhashes.join(' '),
    r.classSize,
    r.sstate,
    r.serverStatus,
    r.outcome,
    r.created,
  ]
    .map(csvField)
    .join(',');
}

/**
 * Every row matching the query (its offset/limit ignored), paged through the workspace index so
 * the engine never builds one giant answer, as CSV or JSON text.
 */
export function exportTasks(
  ws: EngineWorkspace,
  query: TaskQuery,
  format: 'csv' | 'json',
  opts: JobOptions & { now?: Date } = {},
): ExportResult {
  const first = ws.queryTasks({ ...query, offset: 0, limit: 1 });
  if (first.total > MAX_EXPORT_ROWS) {
    throw new InspectorError(
      'TOO_LARGE',
      `${first.total} rows match: narrow the filter to at most ${MAX_EXPORT_ROWS} rows before exporting`,
    );
  }
  const rows: TaskRow[] = [];
  for (let offset = 0; offset < first.total; offset += MAX_PAGE_LIMIT) {
    throwIfCancelled(opts.signal, 'Export');
    const page = ws.queryTasks({ ...query, offset, limit: MAX_PAGE_LIMIT });
    rows.push(...page.rows);
    opts.onProgress?.({ phase: 'export', done: rows.length, total: first.total });
    if (page.rows.length === 0) break;
  }
  const day = (opts.now ?? new Date()).toISOString().slice(0, 10);
  if (format === 'json') {
    return {
      format,
      filename: `tasks-${day}.json`,
      mime: 'application/json',
      rows: rows.length,
      content: JSON.stringify(rows, null, 2) + '\n',
    };
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map(csvRow)];
  return {
    format,
    filename: `tasks-${day}.csv`,
    mime: 'text/csv',
    rows: rows.length,
    content: lines.join('\r\n') + '\r\n',
  };
}
