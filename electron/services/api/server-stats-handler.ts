/**
 * Handler of `server.stats`: one `get-stats` request to a hash equivalence server (read-only),
 * over the same client the connect check uses.
 */
import type { MethodOutput, MethodParams } from '../../../shared/contract/methods';
import { HashservClient } from '../hashserv/client';

/** The `server.stats` handler, to spread into the handler table. */
export function createServerStatsHandler() {
  return {
    'server.stats': async ({
      server,
    }: MethodParams<'server.stats'>): Promise<MethodOutput<'server.stats'>> => {
      const client = new HashservClient(server.address, {
        ...(server.username && server.token
          ? { credentials: { username: server.username, token: server.token } }
          : {}),
        retries: 0,
      });
      try {
        const s = await client.getStats();
        return { requests: s.requests };
      } finally {
        client.close();
      }
    },
  };
}
