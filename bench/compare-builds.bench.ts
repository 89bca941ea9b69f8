// Benchmark: `compareBuilds` over two generated builds of 10,000 tasks each that differ by 100
// planted causes (variable with a leaked path / file checksum / taint), side by side with the
// floor of the job: reading every signature file of both builds once with readSigFile (zstd +
// JSON + hash recomputation, 32 in flight) and nothing else. Also checks every planted cause is found.
// The builds are generated once into bench/.data/compare-10k and reused.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareBuilds } from '../electron/services/analysis/build-compare';
import { readSigFile } from '../electron/services/sources/siginfo/read-sig-file';
import { generatedBuildPair } from '../test/helpers/two-builds';

const TASKS = Number(process.env.COMPARE_BENCH_TASKS ?? 10_000);
const CAUSES = Number(process.env.COMPARE_BENCH_CAUSES ?? 100);
const RUNS = Number(process.env.COMPARE_BENCH_RUNS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '.data', `compare-${TASKS / 1000}k-${CAUSES}`);
const marker = path.join(root, '.generated');

function generate(): string[] {
  const plantedFile = path.join(root, 'planted.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(plantedFile, 'utf8')) as string[];
  rmSync(root, { recursive: true, force: true });
  const t0 = performance.now();
  const sc = generatedBuildPair(root, { tasks: TASKS, causes: CAUSES });
  const planted = sc.planted.map((p) => p.task).sort();
  writeFileSync(plantedFile, JSON.stringify(planted));
  writeFileSync(marker, `${TASKS} tasks, ${CAUSES} causes\n`);
  console.log(
    `generated 2 builds x ${sc.a.sigs.size} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return planted;
}

function sigFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('.sigdata.') || e.name.endsWith('.siginfo')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

async function floor(): Promise<number> {
  const t0 = performance.now();
  const files = ['a', 'b'].flatMap((side) => sigFiles(path.join(root, side)));
  // Same concurrency as compareBuilds' read phase, so the ratio compares like with like.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await readSigFile(files[next++]!);
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return performance.now() - t0;
}

const planted = generate();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const ours: number[] = [];
const refs: number[] = [];
let result: Awaited<ReturnType<typeof compareBuilds>> | undefined;
for (let i = 0; i < RUNS; i++) {
  refs.push(await floor());
  const t0 = performance.now();
  result = await compareBuilds(path.join(root, 'a'), path.join(root, 'b'), { reader: readSigFile });
  ours.push(performance.now() - t0);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
clearInterval(sampler);
const roots = new Set(result!.causes.map((c) => c.root.task));
const found = planted.filter((p) => roots.has(p)).length;
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const c = result!.counts;
console.log(
  `compare-builds: 2 x ${c.changed + c.unchanged + c.onlyA} tasks, ${planted.length} planted causes`,
);
console.log(
  `  compareBuilds (index + read + diff + root causes): median ${med(ours).toFixed(0)} ms over ${RUNS} runs`,
);
console.log(`  reference: readSigFile of every sig file, nothing else: median ${med(refs).toFixed(0)} ms`);
console.log(`  ratio ours / reference: ${(med(ours) / med(refs)).toFixed(2)}`);
console.log(
  `  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap used after ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `  changed ${c.changed}, unchanged ${c.unchanged}, causes found ${roots.size}, planted causes found ${found}/${planted.length}`,
);
if (found !== planted.length || roots.size !== planted.length) {
  console.error('FAIL: root causes differ from the planted ones');
  process.exitCode = 1;
}
