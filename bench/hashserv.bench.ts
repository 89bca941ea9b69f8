/**
 * 100,000 taskhash look-ups against the hash equivalence server stand-in on loopback, in the
 * same run: one pipelined get-stream (what sync does) vs one `get` request at a time (what
 * bitbake-hashclient get does per hash). Prints look-ups per second and the ratio.
 * The stand-in runs in its own process so client and server do not share an event loop.
 *
 *   npx tsx bench/hashserv.bench.ts [N] [--transport tcp|unix|ws]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HashservClient } from '../electron/services/hashserv/client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ti = args.indexOf('--transport');
const transport = ti >= 0 ? (args[ti + 1] ?? 'tcp') : 'tcp';
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const M = 'oe.sstatesig.OEOuthashBasic';
const db = path.resolve(root, process.env.HASHEQUIV_SHARED ?? '../shared', 'fixtures/hashserv.db');

async function startServer(): Promise<{ address: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/fake-server/run.ts'), '--transport', transport, '--db', db],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
  });
  return { address: first.trim(), stop: () => child.kill('SIGTERM') };
}

const { address, stop } = await startServer();
try {
  // Real taskhashes of the fixture database among generated misses, as in a real build.
  const probe = new HashservClient(address);
  const queries = Array.from({ length: n }, (_, i) => ({
    method: M,
    taskhash: i.toString(16).padStart(64, '1'),
  }));
  queries[0] = { method: M, taskhash: 'b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0' };
  await probe.ping(); // warm up the connection
  let t0 = performance.now();
  const piped = await probe.lookupTaskhashes(queries);
  const pipedMs = performance.now() - t0;
  probe.close();

  const seqClient = new HashservClient(address);
  await seqClient.ping();
  t0 = performance.now();
  let seqHits = 0;
  for (const q of queries) if (await seqClient.get(q.method, q.taskhash)) seqHits++;
  const seqMs = performance.now() - t0;
  seqClient.close();

  const hits = piped.filter((u) => u !== null).length;
  if (hits !== seqHits) throw new Error(`pipelined found ${hits}, sequential ${seqHits}`);
  const rate = (ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');
  console.log(
    `hashserv look-ups, ${n.toLocaleString('en-US')} taskhashes over ${transport} loopback (stand-in in its own process), ${hits} hits`,
  );
  console.log(
    `  pipelined get-stream   ${pipedMs.toFixed(0).padStart(7)} ms  ${rate(pipedMs).padStart(9)} look-ups/s`,
  );
  console.log(
    `  one get at a time      ${seqMs.toFixed(0).padStart(7)} ms  ${rate(seqMs).padStart(9)} look-ups/s  (reference)`,
  );
  console.log(`  ratio pipelined / one-at-a-time: ${(seqMs / pipedMs).toFixed(1)}x`);
} finally {
  stop();
}
