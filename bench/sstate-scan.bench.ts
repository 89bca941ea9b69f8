// Benchmark: scanning a 100,000-object sstate cache with scanSstateDir, side by side with
// `find DIR -type f | wc -l` over the same tree (which lists names only: no stat, no parsing).
// The tree is generated once into bench/.data/sstate-100k and reused.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSstateName, sstateObjectDir, type SstateFileKind } from '../shared/model/sstate-name';
import { scanSstateDir } from '../electron/services/sources/sstate/scan-sstate-dir';

const OBJECTS = Number(process.env.SSTATE_BENCH_OBJECTS ?? 100_000);
const RUNS = Number(process.env.SSTATE_BENCH_RUNS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '.data', `sstate-${OBJECTS / 1000}k`);
const marker = path.join(root, '.generated');

const TARGET_TASKS = [
  'populate_sysroot',
  'package',
  'packagedata',
  'package_write_ipk',
  'package_write_rpm',
  'populate_lic',
  'deploy_source_date_epoch',
  'create_spdx',
];
const NATIVE_TASKS = ['populate_sysroot', 'populate_lic', 'deploy_source_date_epoch'];
const ARCHES = [
  ['core2-64-poky-linux', 'core2-64'],
  ['cortexa57-poky-linux', 'cortexa57'],
  ['qemux86_64-poky-linux', 'qemux86_64'],
  ['all-poky-linux', 'allarch'],
] as const;

/** Writes OBJECTS objects: archive + siginfo each, 3% siginfo only, 2% with a .sig, 1% temp files. */
function generate(): void {
  if (existsSync(marker)) return;
  rmSync(root, { recursive: true, force: true });
  const t0 = performance.now();
  const made = new Set<string>();
  let files = 0;
  for (let i = 0; i < OBJECTS; i++) {
    const hash = createHash('sha256').update(`object ${i}`).digest('hex');
    const recipe = i % 900;
    const native = recipe % 5 === 0;
    const pn = native ? `recipe${recipe}-native` : `recipe${recipe}`;
    const tasks = native ? NATIVE_TASKS : TARGET_TASKS;
    const task = tasks[i % tasks.length]!;
    const [archspec, pkgarch] = native ? (['x86_64-linux', 'x86_64'] as const) : ARCHES[i % ARCHES.length]!;
    const sw = task === 'populate_lic';
    const fields = {
      pn,
      archspec: sw ? '' : archspec,
      pv: `${1 + (recipe % 7)}.${recipe % 13}.${i % 3}+git${hash.slice(10, 20)}`,
      pr: `r${i % 4}`,
      pkgarch: sw ? '' : pkgarch,
      sstateVersion: '14',
      unihash: hash,
      task,
      compression: 'zst' as const,
    };
    const dir = path.join(root, sstateObjectDir(hash, native && !sw ? 'universal' : ''));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const kinds: SstateFileKind[] =
      i % 33 === 0 ? ['siginfo'] : i % 50 === 0 ? ['archive', 'siginfo', 'sig'] : ['archive', 'siginfo'];
    for (const kind of kinds) {
      writeFileSync(path.join(dir, formatSstateName({ ...fields, kind })), '');
      files++;
    }
    if (i % 100 === 0) {
      writeFileSync(path.join(dir, formatSstateName({ ...fields, kind: 'archive' }) + 'Ab3dE9xQ'), '');
      files++;
    }
  }
  writeFileSync(marker, `${OBJECTS} objects, ${files} files\n`);
  console.log(
    `generated ${OBJECTS} objects (${files} files) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** Runs a shell pipeline over the tree; returns wall time and the line count it printed. */
function timeShell(cmd: string): { ms: number; files: number } {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { ms, files: Number(r.stdout.trim()) };
}
/** Names only: getdents, no stat. */
const timeFind = (): { ms: number; files: number } => timeShell(`find "${root}" -type f | wc -l`);
/** Names plus size and mtime of every file: the same system calls as our scan. */
const timeFindStat = (): { ms: number; files: number } =>
  timeShell(`find "${root}" -type f -printf '%s %T@ %p\\n' | wc -l`);

async function timeScan(): Promise<{ ms: number; objects: number; files: number; progress: number }> {
  let progress = 0;
  const t0 = performance.now();
  const scan = await scanSstateDir(root, { onProgress: () => progress++ });
  const ms = performance.now() - t0;
  if (scan.problems.length)
    throw new Error(`unexpected problems: ${JSON.stringify(scan.problems.slice(0, 3))}`);
  return { ms, objects: scan.objects.length, files: scan.filesSeen, progress };
}

generate();
timeFind(); // warm the dentry/inode caches for all contenders
const finds: number[] = [];
const findStats: number[] = [];
const scans: number[] = [];
const scanCpu: number[] = [];
let last: Awaited<ReturnType<typeof timeScan>> | undefined;
let findFiles = 0;
for (let r = 0; r < RUNS; r++) {
  const f = timeFind();
  finds.push(f.ms);
  findFiles = f.files;
  findStats.push(timeFindStat().ms);
  const cpu0 = process.cpuUsage();
  last = await timeScan();
  const cpu = process.cpuUsage(cpu0);
  scans.push(last.ms);
  scanCpu.push((cpu.user + cpu.system) / 1000);
}
const best = (xs: number[]): number => Math.min(...xs);
const ms = (x: number): string => `${x.toFixed(0)} ms`;
console.log(`tree: ${root} (load average now ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
console.log(`find -type f | wc -l:            ${findFiles} files, best of ${RUNS}: ${ms(best(finds))}`);
console.log(`find -type f -printf size,mtime: best of ${RUNS}: ${ms(best(findStats))}`);
console.log(
  `scanSstateDir:                   ${last!.objects} objects, ${last!.files} files, ${last!.progress} progress events, ` +
    `best of ${RUNS}: ${ms(best(scans))} (CPU ${ms(best(scanCpu))})`,
);
console.log(`ratio scan / find (names only):  ${(best(scans) / best(finds)).toFixed(2)}x`);
console.log(`ratio scan / find with stat:     ${(best(scans) / best(findStats)).toFixed(2)}x`);
