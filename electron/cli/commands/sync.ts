import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import type { ReportPreview, SyncResult } from '../../../shared/model/server-sync';
import { DEFAULT_METHOD, localReportsFromHashservDb } from '../../services/hashserv/local-inputs';
import { previewReport, reportOuthashes } from '../../services/hashserv/report';
import { syncWorkspace } from '../../services/hashserv/sync-workspace';
import { openWorkspace } from '../../services/workspace/index';
import { writeJson, type CliCommand } from '../command';
import { parseCliArgs } from '../parse-cli-args';
import { clientFromArgs, SERVER_OPTIONS } from './server';

const USAGE = `Usage: hashequiv sync PATH... --server ADDRESS [--json] [--login USER] [--method M]
       hashequiv sync PATH... --server ADDRESS --report [--yes] [--json]

Asks the server about every task of the build at PATH at once (one pipelined get-stream for all
taskhashes, one exists-stream for all local unihashes) and classifies each task:
  same         the server maps the taskhash to the local unihash
  different    the server maps it to another unihash (no sstate sharing for that task)
  unknown      the server does not know the taskhash
  server-only  the local cache has no unihash for it, the server has one
Prints the counts and every task that is not 'same'.

--report previews (dry run, nothing written) what reporting the outhashes of the build's local
hashserv.db to the server would do; add --yes to really send them. Without --report nothing is
ever written to the server.

Options:
  --server ADDRESS  HOST:PORT, [IPV6]:PORT, unix://PATH, ws(s)://..., http(s)://... (legacy)
  --method M        method for tasks whose source does not name one (default ${DEFAULT_METHOD})
  --login USER, --no-netrc, --ca FILE, --timeout MS   as for 'hashequiv server'
  --json            sync: {server, checkedAt, summary: {total, same, different, unknown, serverOnly,
                      unihashesKnown, unihashesUnknown}, tasks: [{key, method, taskhash,
                      localUnihash?, serverUnihash?, status, localUnihashOnServer?}]}
                    --report: {preview: {server, toSend, confirmation, items: [{report: {method,
                      taskhash, outhash, unihash, owner?, PN?, PV?, PR?, task?}, prediction:
                      known|equivalent|new, predictedUnihash}]}, outcome?: {server, sent,
                      results: [{taskhash, method, unihash}]}}

Exit status: 0 every task 'same' (or report done), 1 some task differs or is unknown,
2 bad usage or the server failed.
`;

/** `hashequiv sync PATH... --server ADDRESS`: what the server says about every task of a build. */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary:
    'Compare every task of a build with a hash equivalence server (same/different/unknown/server-only)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      ...SERVER_OPTIONS,
      server: { type: 'string' },
      method: { type: 'string' },
      report: { type: 'boolean' },
      yes: { type: 'boolean' },
    });
    if (!values.server)
      throw new InspectorError('INVALID_INPUT', '--server ADDRESS is required (see --help)');
    if (positionals.length === 0)
      throw new InspectorError('INVALID_INPUT', 'expected at least one PATH (see --help)');
    if (values.yes && !values.report)
      throw new InspectorError('INVALID_INPUT', '--yes only confirms --report');
    const ws = await openWorkspace(positionals.map((p) => path.resolve(io.cwd, p)));
    const client = clientFromArgs(values.server, values, io);
    try {
      if (values.report) {
        const dbs = (ws.summary().builds[0]?.sources ?? []).filter(
          (s) => s.kind === 'hashserv-db' && s.status !== 'error',
        );
        if (dbs.length === 0)
          throw new InspectorError('NOT_FOUND', 'The build has no readable hashserv.db: nothing to report');
        const reports = dbs.flatMap((s) => localReportsFromHashservDb(s.path));
        const preview = await previewReport(client, reports);
        const outcome = values.yes ? await reportOuthashes(client, preview, preview.confirmation) : undefined;
        if (values.json) writeJson(io, outcome ? { preview, outcome } : { preview });
        else printPreview(preview, outcome !== undefined, io.stdout);
        return 0;
      }
      const result = await syncWorkspace(ws, client, { defaultMethod: values.method ?? DEFAULT_METHOD });
      if (values.json) writeJson(io, result);
      else printSync(result, io.stdout);
      return result.summary.total === result.summary.same ? 0 : 1;
    } finally {
      client.close();
      ws.close();
    }
  },
};

function printSync(r: SyncResult, out: NodeJS.WritableStream): void {
  const s = r.summary;
  out.write(
    `${r.server}: ${s.total} tasks: ${s.same} same, ${s.different} different, ${s.unknown} unknown, ${s.serverOnly} server-only` +
      `; local unihashes known to the server: ${s.unihashesKnown}, not known: ${s.unihashesUnknown}\n`,
  );
  for (const t of r.tasks) {
    if (t.status === 'same') continue;
    out.write(
      `${t.status.padEnd(11)} ${t.key} local=${t.localUnihash ?? '-'} server=${t.serverUnihash ?? '-'}\n`,
    );
  }
}

function printPreview(p: ReportPreview, sent: boolean, out: NodeJS.WritableStream): void {
  out.write(
    `${p.server}: ${p.items.length} local reports, ${p.toSend} would be sent${sent ? ' (sent)' : ' (dry run: add --yes to send)'}\n`,
  );
  for (const i of p.items) {
    if (i.prediction === 'known') continue;
    out.write(
      `${i.prediction.padEnd(10)} ${i.report.PN ?? '?'}:${i.report.task ?? '?'} ${i.report.taskhash} -> ${i.predictedUnihash}\n`,
    );
  }
}
