/**
 * The real engine behind the API: each entry point wired to the electron/services module that
 * implements it. Entries left out answer UNSUPPORTED (see engine.ts `need`) until wired here.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OuthashParams } from '../../../shared/contract/api-schemas';
import { InspectorError } from '../../../shared/model/errors';
import type { ServerTarget } from '../../../shared/contract/api-schemas';
import type { ReportPreview } from '../../../shared/model/server-sync';
import { HashservClient } from '../hashserv/client';
import type { HashEquivClient } from '../hashserv/hash-equiv-client';
import { localReportsFromHashservDb, syncInputsFromRows } from '../hashserv/local-inputs';
import { openHashEquivClient } from '../hashserv/open-client';
import { previewReport, reportOuthashes } from '../hashserv/report';
import { syncWithServer } from '../hashserv/sync';
import { throwIfCancelled } from '../jobs/cancel';
import { computeOuthash } from '../outhash/compute';
import { resolveOuthashInputs, type OuthashInputOverrides } from '../outhash/resolve-inputs';
import { readSigFile } from '../sources/siginfo/read-sig-file';
import { ensureDemoBuild, openWorkspace } from '../workspace';
import type { Engine, EngineOuthash, EngineWorkspace, JobOptions } from './engine';

/** Largest depsig file read whole (real ones are a few KiB to a few MiB). */
const MAX_DEPSIG_BYTES = 256 * 1024 * 1024;

/** `depsig.do_<task>` or `depsig.do_<task>.<pid>`: already a sigtext, hashed as it is. */
function isDepsig(file: string): boolean {
  return /^depsig\.do_[A-Za-z0-9_+-]+(\.\d+)?$/.test(path.basename(file));
}

async function depsigOuthash(file: string, opts: JobOptions): Promise<EngineOuthash> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InspectorError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'PERMISSION_DENIED', err.message, {
      file,
    });
  });
  try {
    const st = await fh.stat();
    if (st.size > MAX_DEPSIG_BYTES)
      throw new InspectorError('TOO_LARGE', `depsig file over ${MAX_DEPSIG_BYTES} bytes`, { file });
    throwIfCancelled(opts.signal, 'Reading the depsig file');
    const bytes = await fh.readFile();
    const text = bytes.toString('utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const header = lines.findIndex((l) => l.startsWith('task='));
    return {
      path: file,
      input: 'depsig',
      outhash: createHash('sha256').update(bytes).digest('hex'),
      entries: header >= 0 ? lines.length - header - 1 : lines.length,
      lines,
    };
  } finally {
    await fh.close();
  }
}

/**
 * Contract parameters as explicit inputs of the outhash engine: absent = not given (the defaults
 * of services/outhash/resolve-inputs apply, the same as the CLI's), '' = unset.
 */
function toOverrides(p: OuthashParams): OuthashInputOverrides {
  const given = (s: string | undefined): string | null | undefined =>
    s === undefined ? undefined : s === '' ? null : s;
  const o: OuthashInputOverrides = {};
  if (p.task) o.task = p.task;
  const fields = {
    pkgspec: given(p.pkgspec),
    hashVersion: given(p.hashVersion),
    extraSigdata: given(p.extraSigdata),
    sourceDateEpoch: given(p.sourceDateEpoch),
    filemap: given(p.filemap),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) o[k as keyof typeof fields] = v;
  if (p.pseudoDisabled !== undefined) o.underPseudo = p.pseudoDisabled === '0';
  if (p.buildReproducibleBinaries !== undefined) o.buildReproducibleBinaries = p.buildReproducibleBinaries;
  if (p.format !== undefined) o.format = p.format;
  return o;
}

/** A client for a target, logged in when it carries credentials. */
function clientFor(target: ServerTarget, opts: JobOptions): HashEquivClient {
  return openHashEquivClient(target.address, {
    ...(target.username && target.token
      ? { credentials: { username: target.username, token: target.token } }
      : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

async function withClient<T>(
  target: ServerTarget,
  opts: JobOptions,
  fn: (c: HashEquivClient) => Promise<T>,
): Promise<T> {
  const client = clientFor(target, opts);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

function identities(ws: EngineWorkspace, build: string | undefined) {
  if (!ws.rowIdentities)
    throw new InspectorError('UNSUPPORTED', 'This workspace cannot list its rows for a server look-up');
  return ws.rowIdentities(build);
}

/** The engine of this build of the app. */
export function createDefaultEngine(): Engine {
  // Previews by confirmation: a report may only send what a preview showed (report.ts checks it).
  const previews = new Map<string, ReportPreview>();
  return {
    openWorkspace: (paths, opts) => openWorkspace(paths, opts),
    ensureDemoBuild: () => ensureDemoBuild(),
    readSigFile: (file) => readSigFile(file),

    async computeOuthash(target, params, opts) {
      if (isDepsig(target)) return depsigOuthash(target, opts);
      const isDir = (
        await stat(target).catch(() => {
          throw new InspectorError('NOT_FOUND', 'No such file or directory', { file: target });
        })
      ).isDirectory();
      const { params: resolved } = resolveOuthashInputs(
        target,
        isDir ? 'directory' : 'archive',
        toOverrides(params),
        { taskHint: 'fill in the Task field' },
      );
      const r = await computeOuthash(target, resolved, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      const lines = r.sigtext.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return {
        path: target,
        input: isDir ? 'directory' : 'archive',
        outhash: r.outhash,
        entries: r.entries,
        lines,
      };
    },

    syncWithServer: (ws, target, opts) =>
      withClient(target, opts, (client) =>
        syncWithServer(client, syncInputsFromRows(identities(ws, opts.build)), opts),
      ),

    previewReport: (ws, target, opts) =>
      withClient(target, opts, async (client) => {
        const dbs = ws
          .summary()
          .builds.filter((b) => opts.build === undefined || b.id === opts.build)
          .flatMap((b) =>
            b.sources.filter((s) => s.kind === 'hashserv-db' && s.status === 'ok').map((s) => s.path),
          );
        if (dbs.length === 0) {
          throw new InspectorError(
            'NOT_FOUND',
            'No readable hashserv.db in this workspace: there is nothing to report',
          );
        }
        let reports = dbs.flatMap((db) =>
          localReportsFromHashservDb(db, opts.signal ? { signal: opts.signal } : {}),
        );
        if (opts.keys) {
          const wanted = new Set(opts.keys);
          const taskhashes = new Set<string>();
          for (const r of identities(ws, opts.build))
            if (wanted.has(r.key) && r.taskhash) taskhashes.add(r.taskhash);
          reports = reports.filter((r) => taskhashes.has(r.taskhash));
        }
        const preview = await previewReport(client, reports, opts.signal ? { signal: opts.signal } : {});
        previews.set(preview.confirmation, preview);
        return preview;
      }),

    sendReport: (_ws, target, confirmation, opts) => {
      const preview = previews.get(confirmation);
      if (!preview) {
        throw new InspectorError(
          'INVALID_INPUT',
          'No preview with this confirmation: run the preview again and confirm it',
        );
      }
      return withClient(target, opts, async (client) => {
        const outcome = await reportOuthashes(
          client,
          preview,
          confirmation,
          opts.signal ? { signal: opts.signal } : {},
        );
        previews.delete(confirmation);
        return outcome;
      });
    },

    async connectServer(target, opts) {
      const client = new HashservClient(target.address, {
        ...(target.username && target.token
          ? { credentials: { username: target.username, token: target.token } }
          : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        retries: 0,
      });
      try {
        const t0 = performance.now();
        await client.ping();
        const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
        const user = await client.getUser().catch(() => null);
        return {
          address: target.address,
          version: null,
          username: user?.username ?? null,
          permissions: user?.permissions ?? [],
          latencyMs,
        };
      } finally {
        client.close();
      }
    },
  };
}
