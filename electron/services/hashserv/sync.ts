import { InspectorError } from '../../../shared/model/errors';
import type { ProgressFn } from '../../../shared/model/progress';
import {
  classifyServerStatus,
  summarizeSync,
  type SyncResult,
  type SyncTaskInput,
  type SyncTaskResult,
} from '../../../shared/model/server-sync';
import { throwIfCancelled } from '../jobs/cancel';
import type { HashEquivClient } from './hash-equiv-client';

/** Options of a sync. */
export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/**
 * Asks a server about every local task at once: one pipelined get-stream for all distinct
 * (method, taskhash) and one exists-stream for all distinct local unihashes, then classifies each
 * task (same / different / unknown / server-only). Servers without exists-stream (legacy HTTP)
 * leave `localUnihashOnServer` absent.
 */
export async function syncWithServer(
  client: HashEquivClient,
  tasks: readonly SyncTaskInput[],
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const pairKey = (m: string, t: string): string => `${m}\u0000${t}`;
  const pairs = new Map<string, { method: string; taskhash: string }>();
  const unihashes = new Set<string>();
  for (const t of tasks) {
    pairs.set(pairKey(t.method, t.taskhash), { method: t.method, taskhash: t.taskhash });
    if (t.unihash !== undefined) unihashes.add(t.unihash);
  }
  const queries = [...pairs.values()];
  opts.onProgress?.({ phase: 'lookup', done: 0, total: queries.length });
  const answers = await client.lookupTaskhashes(queries, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (done, total) => opts.onProgress?.({ phase: 'lookup', done, total }),
  });
  const serverOf = new Map<string, string>();
  queries.forEach((q, i) => {
    const a = answers[i];
    if (a) serverOf.set(pairKey(q.method, q.taskhash), a);
  });

  throwIfCancelled(opts.signal, 'Sync');
  const uniList = [...unihashes];
  let exists: Map<string, boolean> | undefined;
  if (uniList.length > 0) {
    opts.onProgress?.({ phase: 'exists', done: 0, total: uniList.length });
    try {
      const known = await client.unihashesExist(uniList, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (done, total) => opts.onProgress?.({ phase: 'exists', done, total }),
      });
      exists = new Map(uniList.map((u, i) => [u, known[i] === true]));
    } catch (err) {
      if (!(err instanceof InspectorError && err.code === 'UNSUPPORTED')) throw err;
    }
  }

  const results: SyncTaskResult[] = tasks.map((t) => {
    const serverUnihash = serverOf.get(pairKey(t.method, t.taskhash));
    const r: SyncTaskResult = {
      key: t.key,
      method: t.method,
      taskhash: t.taskhash,
      status: classifyServerStatus(t.unihash, serverUnihash),
    };
    if (t.unihash !== undefined) r.localUnihash = t.unihash;
    if (serverUnihash !== undefined) r.serverUnihash = serverUnihash;
    if (t.unihash !== undefined && exists) r.localUnihashOnServer = exists.get(t.unihash) === true;
    return r;
  });
  return {
    server: client.address.text,
    checkedAt: new Date().toISOString(),
    tasks: results,
    summary: summarizeSync(results),
  };
}
