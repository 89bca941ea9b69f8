import type { SyncResult } from '../../../shared/model/server-sync';
import type { Workspace } from '../workspace/index';
import type { HashEquivClient } from './hash-equiv-client';
import { DEFAULT_METHOD, syncInputsFromRows } from './local-inputs';
import { syncWithServer, type SyncOptions } from './sync';

/**
 * Syncs every task row of an open workspace (or of one build) with a server and writes each
 * row's status into the task index's server column, so the task table can show and filter it.
 */
export async function syncWorkspace(
  ws: Workspace,
  client: HashEquivClient,
  opts: SyncOptions & { build?: string; defaultMethod?: string } = {},
): Promise<SyncResult> {
  const tasks = syncInputsFromRows(ws.rowIdentities(opts.build), opts.defaultMethod ?? DEFAULT_METHOD);
  const result = await syncWithServer(client, tasks, opts);
  ws.setServerStatus(Object.fromEntries(result.tasks.map((t) => [t.key, t.status])));
  return result;
}
