/** `get-stats` of a hash equivalence server: request timing of the server process, in seconds. */
import { z } from 'zod';

/** The server's request statistics (shared/model/server-rows.ts ServerStats). */
export const ServerStatsSchema = z.object({
  requests: z.object({
    num: z.number(),
    total_time: z.number(),
    max_time: z.number(),
    average: z.number(),
    stdev: z.number(),
  }),
});
/** The server's request statistics. */
export type ServerStatsInfo = z.infer<typeof ServerStatsSchema>;
