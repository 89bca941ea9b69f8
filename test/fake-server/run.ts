/**
 * Runs the stand-in server in its own process (for benchmarks and manual tries):
 *   npx tsx test/fake-server/run.ts [--transport tcp|unix|ws] [--db FILE]
 * Prints the address on the first stdout line; stops on SIGTERM or when stdin closes.
 */
import { parseArgs } from 'node:util';
import { startFakeServer } from './fake-server';

const { values } = parseArgs({ options: { transport: { type: 'string' }, db: { type: 'string' } } });
const transport = (values.transport ?? 'tcp') as 'tcp' | 'unix' | 'ws';
const server = await startFakeServer({ transport, ...(values.db ? { copyDb: values.db } : {}) });
process.stdout.write(server.address + '\n');
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
