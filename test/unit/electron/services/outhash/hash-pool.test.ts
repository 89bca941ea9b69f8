import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFiles } from '../../../../../electron/services/outhash/hash-pool';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'outhash-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hash pool', () => {
  const files = Array.from({ length: 300 }, (_, i) => {
    const p = path.join(tmp, `f${i}`);
    writeFileSync(p, Buffer.alloc(i * 97 + (i % 7 === 0 ? 3 << 20 : 0), i % 251));
    return p;
  });
  const sizes = files.map((_, i) => i * 97 + (i % 7 === 0 ? 3 << 20 : 0));
  const expected = files.map((_, i) =>
    createHash('sha256')
      .update(Buffer.alloc(sizes[i]!, i % 251))
      .digest('hex'),
  );

  it('hashes on worker threads (no fallback) and returns results in input order', async () => {
    const reasons: string[] = [];
    let lastDone = 0;
    const r = await hashFiles(files, {
      sizes,
      workers: 2,
      onFallback: (x) => reasons.push(x),
      onDone: (d) => (lastDone = d),
    });
    expect(reasons).toEqual([]);
    expect(r.map((x) => ('digest' in x ? x.digest : x.error))).toEqual(expected);
    expect(lastDone).toBe(300);
  });

  it('hashes in this thread with workers: 0, with the same results', async () => {
    const r = await hashFiles(files, { workers: 0 });
    expect(r.map((x) => ('digest' in x ? x.digest : x.error))).toEqual(expected);
  });

  it('reports a missing file per entry, and stops on cancel', async () => {
    const r = await hashFiles([...files.slice(0, 10), path.join(tmp, 'missing')], { workers: 2 });
    expect(r[10]).toMatchObject({ code: 'ENOENT' });
    const ac = new AbortController();
    const p = hashFiles(files, { workers: 2, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
