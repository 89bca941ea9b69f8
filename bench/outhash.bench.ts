// Benchmark: the outhash engine against references run side by side on the same data.
//   (a) 20,000 small files: ours vs a plain python3 os.walk + hashlib loop (what the reference
//       implementation's work costs). Goal: >= 2x faster.
//   (b) a few 200 MB files: ours vs sha256sum (the hardware limit). Goal: >= 0.9x its throughput.
//   (c) the archive of (a) (tar -cS | pzstd, as OE writes sstate): ours straight from the archive
//       vs `zstd -dc | tar -x` followed by ours on the extracted tree. Goal: faster.
// Data is generated once under bench/.data/outhash and reused. Best of RUNS for each figure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  computeOuthashFromArchive,
  computeOuthashFromDirectory,
  type OuthashParams,
} from '../electron/services/outhash/compute';

const SMALL_FILES = Number(process.env.OUTHASH_BENCH_SMALL ?? 20_000);
const BIG_FILES = Number(process.env.OUTHASH_BENCH_BIG ?? 3);
const BIG_MB = Number(process.env.OUTHASH_BENCH_BIG_MB ?? 200);
const RUNS = Number(process.env.OUTHASH_BENCH_RUNS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '.data', 'outhash');
const small = path.join(root, `small-${SMALL_FILES}`);
const big = path.join(root, `big-${BIG_FILES}x${BIG_MB}`);
const archive = path.join(root, `small-${SMALL_FILES}.tar.zst`);

const params: OuthashParams = {
  task: 'populate_sysroot',
  pkgspec: 'sstate:bench:x86_64-linux:1.0:r0:x86_64:14:',
  hashVersion: '18',
  extraSigdata: null,
  sourceDateEpoch: null,
  underPseudo: false,
  filemap: null,
};

function run(cmd: string, args: string[], opts: { cwd?: string; input?: Buffer } = {}): string {
  const r = spawnSync(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'], maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return r.stdout.toString();
}

/** CPU seconds (user + system, all threads) this process spends in fn. */
async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const a = process.cpuUsage();
  await fn();
  const b = process.cpuUsage(a);
  return (b.user + b.system) / 1e6;
}

function generate(): void {
  mkdirSync(root, { recursive: true });
  if (!existsSync(path.join(small, '.generated'))) {
    rmSync(small, { recursive: true, force: true });
    // 20,000 files of 0..8 KiB in 200 directories of 100, like a sysroot's headers and libs
    // (sizes from a fixed sequence, contents random).
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let d = 0; d < SMALL_FILES / 100; d++) {
      const dir = path.join(small, `usr/include/pkg${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++) {
        writeFileSync(path.join(dir, `file${f}.h`), randomBytes(rnd() % 8192));
      }
    }
    writeFileSync(path.join(small, '.generated'), '');
    rmSync(archive, { force: true });
  }
  if (!existsSync(archive)) {
    const names = readdirSync(small)
      .filter((n) => n !== '.generated')
      .sort();
    run('tar', ['-I', 'pzstd -8 -p1 -q', '-cS', '-f', archive, ...names], { cwd: small });
  }
  if (!existsSync(path.join(big, '.generated'))) {
    rmSync(big, { recursive: true, force: true });
    mkdirSync(big, { recursive: true });
    for (let i = 0; i < BIG_FILES; i++)
      run('sh', ['-c', `head -c ${BIG_MB * 1024 * 1024} /dev/urandom > '${path.join(big, `blob${i}.bin`)}'`]);
    writeFileSync(path.join(big, '.generated'), '');
  }
}

async function best(label: string, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  console.log(`  ${label.padEnd(58)} ${(min / 1000).toFixed(3)} s`);
  return min;
}

const PY_LOOP = `
import os, sys, hashlib, stat
os.chdir(sys.argv[1])
out = []
for root, dirs, files in os.walk('.'):
    dirs.sort(); files.sort()
    for name in files:
        p = os.path.join(root, name)
        s = os.lstat(p)
        if stat.S_ISREG(s.st_mode):
            h = hashlib.sha256()
            with open(p, 'rb') as f:
                for chunk in iter(lambda: f.read(4096), b''):
                    h.update(chunk)
            out.append(h.hexdigest())
import resource
r = resource.getrusage(resource.RUSAGE_SELF)
print(r.ru_utime + r.ru_stime)
`;

async function main(): Promise<void> {
  const t0 = performance.now();
  generate();
  console.log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s under ${root}`);
  const bigBytes = BIG_FILES * BIG_MB * 1024 * 1024;
  const bigFiles = readdirSync(big)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => path.join(big, f));

  console.log(`\n(b) ${BIG_FILES} files x ${BIG_MB} MB`);
  const tSha = await best('sha256sum (reference: hardware limit)', () => run('sha256sum', bigFiles));
  const tBig = await best(
    'ours: computeOuthashFromDirectory',
    async () => void (await computeOuthashFromDirectory(big, params)),
  );
  const mbs = (t: number): string => `${(bigBytes / 1048576 / (t / 1000)).toFixed(0)} MiB/s`;
  console.log(`  throughput: sha256sum ${mbs(tSha)}, ours ${mbs(tBig)}`);

  console.log(`\n(a) ${SMALL_FILES} small files`);
  const tPy = await best('python3 os.walk + lstat + hashlib (reference work)', () =>
    run('python3', ['-c', PY_LOOP, small]),
  );
  const tSmall = await best(
    'ours: computeOuthashFromDirectory',
    async () => void (await computeOuthashFromDirectory(small, params)),
  );
  // Wall time on a shared machine depends on its load; CPU time does not: print both.
  let pyCpu = Infinity;
  for (let i = 0; i < RUNS; i++)
    pyCpu = Math.min(pyCpu, Number(run('python3', ['-c', PY_LOOP, small]).trim()));
  let ourCpu = Infinity;
  for (let i = 0; i < RUNS; i++)
    ourCpu = Math.min(ourCpu, await cpuOf(() => computeOuthashFromDirectory(small, params)));
  console.log(`  CPU seconds: python ${pyCpu.toFixed(3)}, ours ${ourCpu.toFixed(3)} (all threads)`);
  const tSmallInThread = await best(
    'ours, hashing in the calling thread (workers: 0)',
    async () => void (await computeOuthashFromDirectory(small, params, { workers: 0 })),
  );

  console.log(`\n(c) archive of (a): ${archive}`);
  const tArchive = await best(
    'ours: computeOuthashFromArchive (streamed)',
    async () => void (await computeOuthashFromArchive(archive, params)),
  );
  const tExtract = await best('zstd -dc | tar -x, then ours on the extracted tree', async () => {
    const dir = mkdtempSync(path.join(root, 'extract-'));
    try {
      run('sh', ['-c', `zstd -dc -q '${archive}' | tar -x -C '${dir}'`]);
      await computeOuthashFromDirectory(dir, params);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const ratio = (x: number): string => `${x.toFixed(2)}x`;
  console.log('\nratios (goal in brackets):');
  console.log(`  (b) ours / sha256sum throughput       ${ratio(tSha / tBig)}  [>= 0.9x]`);
  console.log(
    `  (a) python loop time / ours           ${ratio(tPy / tSmall)}  [>= 2x]  (in-thread: ${ratio(tPy / tSmallInThread)})`,
  );
  console.log(`  (a) python CPU / ours CPU               ${ratio(pyCpu / ourCpu)}`);
  console.log(`  (c) extract+ours time / ours archive  ${ratio(tExtract / tArchive)}  [> 1x]`);
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  console.log(
    `  (load average during the run: ${load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} CPUs)`,
  );
}

await main();
