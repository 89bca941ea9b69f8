import type { OuthashRecord, ReportTaskData, UnihashMapping } from '../../../shared/model/server-rows';
import type { ServerAddress } from './address';
import type { BulkOptions, TaskhashQuery } from './client';

/**
 * What sync, reports and the CLI need from a server, whatever its protocol: the stream protocol
 * (HashservClient) or the legacy 2019 HTTP API (LegacyHttpClient, which throws UNSUPPORTED for
 * what it cannot do).
 */
export interface HashEquivClient {
  readonly address: ServerAddress;
  get(method: string, taskhash: string): Promise<UnihashMapping | null>;
  lookupTaskhashes(queries: readonly TaskhashQuery[], opts?: BulkOptions): Promise<Array<string | null>>;
  unihashesExist(unihashes: readonly string[], opts?: BulkOptions): Promise<boolean[]>;
  getOuthash(
    method: string,
    outhash: string,
    taskhash: string,
    withUnihash?: boolean,
  ): Promise<OuthashRecord | null>;
  report(
    r: { method: string; taskhash: string; outhash: string; unihash: string } & ReportTaskData,
  ): Promise<UnihashMapping>;
  close(): void;
}
