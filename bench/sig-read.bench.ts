// Benchmark: reading N sig files one after another with readSigFile (frame walk, bounded
// decompression, strict UTF-8, bounded JSON, normalization, basehash/taskhash recomputation),
// side by side with the plain Node loop `JSON.parse(zstdDecompressSync(readFileSync(f)))`
// over the same files, which checks nothing. Figures: ms per file and the ratio ours / plain.
// The files are copies of the fixture build's real sig files (stamps sigdata/sigbasedata,
// sstate siginfo), generated once into bench/.data/sig-read-<N>.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zstdDecompressSync } from 'node:zlib';
import { decodeSigBytes, readSigFile } from '../electron/services/sources/siginfo/read-sig-file';
import { computeSigHashes } from '../electron/services/sources/siginfo/sig-hashes';
import { FIXTURES } from '../test/helpers/paths';

const FILES = Number(process.env.SIG_BENCH_FILES ?? 5000);
const RUNS = Number(process.env.SIG_BENCH_RUNS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '.data', `sig-read-${FILES}`);
const marker = path.join(root, '.generated');

/** Every modern (zstd JSON) sig file of the fixtures. */
function fixtureSigFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(sigdata|sigbasedata)\.[0-9a-f]+$|\.siginfo$/.test(f))
    .map((f) => path.join(FIXTURES, f))
    .filter((f) => readFileSync(f).readUInt32LE(0) === 0xfd2fb528)
    .sort();
}

/** Copies the fixtures round-robin, one directory per round so that names stay real. */
function generate(): string[] {
  if (!existsSync(marker)) {
    rmSync(root, { recursive: true, force: true });
    const src = fixtureSigFiles();
    for (let i = 0; i < FILES; i++) {
      // round-<r>/<k>/: the same name may occur in two fixture directories.
      const dir = path.join(root, `round-${Math.floor(i / src.length)}`, String(i % src.length));
      mkdirSync(dir, { recursive: true });
      const f = src[i % src.length]!;
      copyFileSync(f, path.join(dir, path.basename(f)));
    }
    writeFileSync(marker, `${src.length} fixture files\n`);
  }
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.startsWith('round-') && f.split('/').length === 3)
    .map((f) => path.join(root, f))
    .sort();
}

async function timed(files: string[], fn: (f: string) => unknown): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await fn(f);
  return (performance.now() - t0) / files.length;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const files = generate();
console.log(`${files.length} sig files (copies of the fixture build's), ${RUNS} runs, median of each`);
// Warm the page cache and the JIT on both paths.
await timed(files.slice(0, 500), (f) => readSigFile(f));
await timed(files.slice(0, 500), (f) => JSON.parse(zstdDecompressSync(readFileSync(f)).toString('utf8')));

const ours: number[] = [];
const plain: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(await timed(files, (f) => readSigFile(f)));
  plain.push(await timed(files, (f) => JSON.parse(zstdDecompressSync(readFileSync(f)).toString('utf8'))));
}
// Where our time goes: the file read alone, the decode (frames, decompression, JSON,
// normalization) of bytes in memory, and the hash recomputation.
const bytes = files.map((f) => readFileSync(f));
const tRead = await timed(files, (f) => readFileSync(f));
let i = 0;
const decoded: Awaited<ReturnType<typeof decodeSigBytes>>[] = [];
const tDecode = await timed(files, async (f) => decoded.push(await decodeSigBytes(bytes[i++]!, f)));
i = 0;
const tHash = await timed(files, () => computeSigHashes(decoded[i++]!.data));

const o = median(ours);
const p = median(plain);
console.log(
  `readSigFile             ${o.toFixed(3)} ms/file  (runs: ${ours.map((x) => x.toFixed(3)).join(', ')})`,
);
console.log(
  `plain zstd+JSON (Node)  ${p.toFixed(3)} ms/file  (runs: ${plain.map((x) => x.toFixed(3)).join(', ')})`,
);
console.log(`ratio ours/plain        ${(o / p).toFixed(2)}x`);
console.log(
  `breakdown: readFileSync ${tRead.toFixed(3)}, decodeSigBytes ${tDecode.toFixed(3)}, computeSigHashes ${tHash.toFixed(3)} ms/file`,
);
