/**
 * The fast path of readSigFile (bench/sig-read.bench.ts): a few-KiB sig file is read and
 * decompressed without thread-pool round trips, and the safety bounds still hold on that path.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readSigFile } from '../../../../../../electron/services/sources/siginfo/read-sig-file';
import {
  decompressZstdBounded,
  SYNC_OUTPUT_MAX_BYTES,
} from '../../../../../../electron/services/sources/siginfo/zstd-frames';
import { FIXTURES } from '../../../../../helpers/paths';

const RUN2 = path.join(
  FIXTURES,
  'siginfo',
  'modern',
  'zlib-1.3.1.do_compile.sigdata.71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d',
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'hashequiv-sigfast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether `p` settles before the next event-loop turn (a setImmediate callback) runs. */
async function settlesBeforeNextTurn(p: Promise<unknown>): Promise<boolean> {
  const first = await Promise.race([
    p.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise<string>((r) => setImmediate(() => r('next turn'))),
  ]);
  return first === 'settled';
}

describe('readSigFile fast path', () => {
  it('reads a real few-KiB sig file within the current event-loop turn, values intact', async () => {
    const p = readSigFile(RUN2);
    // The old path (async open/stat/read/close, async zstd) waited on the thread pool 6 times.
    expect(await settlesBeforeNextTurn(p)).toBe(true);
    const sig = await p;
    expect(sig.data.basehash).toBe('3fe2cfcac09b60ca3541075df7f42d8cbfe6e4e7e7847ce92324ebd652100d5f');
    expect(sig.basehashMatches).toBe(true);
    expect(sig.nameHash).toBe('71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d');
  });

  it('a small frame that expands past the sync cap is finished asynchronously within the budget', async () => {
    const big = Buffer.alloc(SYNC_OUTPUT_MAX_BYTES + 4096, 0x20);
    const frame = zstdCompressSync(big);
    expect(frame.length).toBeLessThan(4096);
    const out = await decompressZstdBounded(frame, 64 * 1024 * 1024, 'mem');
    expect(out.length).toBe(big.length);
    await expect(decompressZstdBounded(frame, 1024 * 1024, 'mem')).rejects.toMatchObject({
      code: 'TOO_LARGE',
      where: { file: 'mem', offset: 0 },
    });
  });

  it('a small file cut inside its frame is TRUNCATED at its length on the sync path', async () => {
    const whole = readFileSync(RUN2);
    const cut = path.join(dir, 'zlib-1.3.1.do_compile.sigdata.cut');
    writeFileSync(cut, whole.subarray(0, whole.length - 7));
    await expect(readSigFile(cut)).rejects.toMatchObject({
      code: 'TRUNCATED',
      where: { file: cut, offset: whole.length - 7 },
    });
  });

  it('the file size bound still applies to small files', async () => {
    const copy = path.join(dir, path.basename(RUN2));
    copyFileSync(RUN2, copy);
    await expect(readSigFile(copy, { maxFileBytes: 100 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
