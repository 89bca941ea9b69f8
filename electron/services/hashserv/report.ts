import { createHash } from 'node:crypto';
import { InspectorError } from '../../../shared/model/errors';
import type {
  OuthashReportInput,
  ReportOutcome,
  ReportPreview,
  ReportPreviewItem,
} from '../../../shared/model/server-sync';
import { throwIfCancelled } from '../jobs/cancel';
import type { HashEquivClient } from './hash-equiv-client';

/**
 * Dry run of reporting local outhashes: asks the server read-only (get-stream, get-outhash) what
 * each report would do. Nothing is written. The preview's `confirmation` is required by
 * `reportOuthashes`, so a report can only follow a preview the user saw.
 */
export async function previewReport(
  client: HashEquivClient,
  reports: readonly OuthashReportInput[],
  opts: { signal?: AbortSignal } = {},
): Promise<ReportPreview> {
  const known = await client.lookupTaskhashes(
    reports.map((r) => ({ method: r.method, taskhash: r.taskhash })),
    opts.signal ? { signal: opts.signal } : {},
  );
  const items: ReportPreviewItem[] = [];
  for (let i = 0; i < reports.length; i++) {
    throwIfCancelled(opts.signal, 'Report preview');
    const report = reports[i] as OuthashReportInput;
    const current = known[i];
    if (current) {
      items.push({ report, prediction: 'known', predictedUnihash: current });
      continue;
    }
    const same = await client.getOuthash(report.method, report.outhash, report.taskhash);
    if (same?.unihash) items.push({ report, prediction: 'equivalent', predictedUnihash: same.unihash });
    else items.push({ report, prediction: 'new', predictedUnihash: report.unihash });
  }
  const toSend = items.filter((i) => i.prediction !== 'known').length;
  return {
    server: client.address.text,
    items,
    toSend,
    confirmation: confirmationOf(client.address.text, items),
  };
}

/**
 * Sends the reports of a preview (those not already known to the server), only when
 * `confirmation` equals the preview's: the explicit, confirmed write the app allows itself.
 */
export async function reportOuthashes(
  client: HashEquivClient,
  preview: ReportPreview,
  confirmation: string,
  opts: { signal?: AbortSignal } = {},
): Promise<ReportOutcome> {
  if (
    confirmation !== preview.confirmation ||
    confirmationOf(preview.server, preview.items) !== confirmation
  ) {
    throw new InspectorError(
      'INVALID_INPUT',
      'The report was not confirmed: run the preview and confirm exactly what it shows',
    );
  }
  if (preview.server !== client.address.text) {
    throw new InspectorError(
      'INVALID_INPUT',
      `The preview was made for ${preview.server}, not ${client.address.text}`,
    );
  }
  const results: ReportOutcome['results'] = [];
  for (const item of preview.items) {
    if (item.prediction === 'known') continue;
    throwIfCancelled(opts.signal, 'Report');
    const r = item.report;
    const answer = await client.report({
      method: r.method,
      taskhash: r.taskhash,
      outhash: r.outhash,
      unihash: r.unihash,
      ...(r.owner !== undefined ? { owner: r.owner } : {}),
      ...(r.PN !== undefined ? { PN: r.PN } : {}),
      ...(r.PV !== undefined ? { PV: r.PV } : {}),
      ...(r.PR !== undefined ? { PR: r.PR } : {}),
      ...(r.task !== undefined ? { task: r.task } : {}),
    });
    results.push(answer);
  }
  return { server: preview.server, sent: results.length, results };
}

function confirmationOf(server: string, items: readonly ReportPreviewItem[]): string {
  const h = createHash('sha256').update(server);
  for (const i of items)
    h.update(
      `\n${i.prediction} ${i.report.method} ${i.report.taskhash} ${i.report.outhash} ${i.report.unihash}`,
    );
  return h.digest('hex').slice(0, 16);
}
