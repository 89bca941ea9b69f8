import { parseAddress } from './address';
import { HashservClient, type HashservClientOptions } from './client';
import type { HashEquivClient } from './hash-equiv-client';
import { LegacyHttpClient } from './legacy-http-client';

/** A client for any supported address: the legacy HTTP API for http(s)://, the stream protocol otherwise. */
export function openHashEquivClient(address: string, opts: HashservClientOptions = {}): HashEquivClient {
  const a = parseAddress(address);
  if (a.kind === 'http') {
    return new LegacyHttpClient(a, {
      ...(opts.replyTimeoutMs !== undefined ? { timeoutMs: opts.replyTimeoutMs } : {}),
      ...(opts.caFile !== undefined ? { caFile: opts.caFile } : {}),
    });
  }
  return new HashservClient(a, opts);
}
