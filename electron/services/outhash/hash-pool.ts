/**
 * SHA-256 of many files on worker threads, results in input order.
 *
 * How the worker is loaded, and why: this code runs from TypeScript source (vitest, tsx), from
 * the esbuild CLI bundle and inside an Electron utilityProcess bundled by Vite. A worker *file*
 * would need a different path (and a loader for .ts) in each. Instead the worker body is the
 * function `workerMain` below: it imports nothing and reaches Node built-ins only through
 * `process.getBuiltinModule` (Node >= 22.3; a bundler rewrites `require`, e.g. esbuild's ESM output
 * turns it into an undefined `__require`), so its `toString()` is a complete program under every
 * transpiler, and it is started with
 * `new Worker(source, { eval: true })`. If a worker cannot start (a sandbox without
 * worker_threads, an instrumenting transform that rewrote the function), hashing falls back to
 * this thread with the same algorithm and the reason is reported once through `onFallback`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash, hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { throwIfCancelled } from '../jobs/cancel';

/** Result of hashing one file: hex digest and bytes read, or the error text and errno code. */
export type HashResult = { digest: string; bytes: number } | { error: string; code: string };

interface Job {
  id: number;
  paths: string[];
}

/* v8 ignore start -- runs inside the worker; covered by every test through the pool. */
function workerMain(): void {
  // process.getBuiltinModule, not require: bundlers rewrite `require` (esbuild to __require).
  const wt = process.getBuiltinModule('node:worker_threads');
  const fs = process.getBuiltinModule('node:fs');
  const crypto = process.getBuiltinModule('node:crypto');
  const buf = Buffer.allocUnsafe(1 << 20);
  const port = wt.parentPort;
  if (!port) return;
  port.on('message', (job: { id: number; paths: string[] }) => {
    const results = job.paths.map((p) => {
      let fd = -1;
      try {
        fd = fs.openSync(p, 'r');
        // Small files (most of a sysroot) in one read and a one-shot hash: fewer syscalls and
        // no streaming hash object; a read that fills the buffer continues as a stream.
        const n0 = fs.readSync(fd, buf, 0, buf.length, null);
        if (n0 < buf.length) return { digest: crypto.hash('sha256', buf.subarray(0, n0), 'hex'), bytes: n0 };
        const h = crypto.createHash('sha256');
        h.update(buf);
        let bytes = n0;
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          h.update(n === buf.length ? buf : buf.subarray(0, n));
          bytes += n;
        }
        return { digest: h.digest('hex'), bytes };
      } catch (err) {
        const e = err as { message?: string; code?: string };
        return { error: String(e.message), code: String(e.code ?? '') };
      } finally {
        if (fd >= 0) fs.closeSync(fd);
      }
    });
    port.postMessage({ id: job.id, results });
  });
}
/* v8 ignore stop */

const WORKER_SOURCE = `(${workerMain.toString()})()`;

/** Hashes one file in this thread (the fallback path; same algorithm as the worker). */
export function hashFileInThread(p: string, buf: Buffer = Buffer.allocUnsafe(1 << 20)): HashResult {
  let fd = -1;
  try {
    fd = openSync(p, 'r');
    const n0 = readSync(fd, buf, 0, buf.length, null);
    if (n0 < buf.length) return { digest: hash('sha256', buf.subarray(0, n0), 'hex'), bytes: n0 };
    const h = createHash('sha256');
    h.update(buf);
    let bytes = n0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      bytes += n;
    }
    return { digest: h.digest('hex'), bytes };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: e.message, code: e.code ?? '' };
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Options of hashFiles. */
export interface HashFilesOptions {
  signal?: AbortSignal;
  /** Called with the number of files done. */
  onDone?: (done: number) => void;
  /** Sizes (bytes) per path, to batch small files together and large ones alone. */
  sizes?: readonly number[];
  /** Number of workers; default: available parallelism, at most 4. 0 = hash in this thread. */
  workers?: number;
  /** Told once why hashing runs in this thread instead of workers. */
  onFallback?: (reason: string) => void;
}

const BATCH_BYTES = 4 << 20;
const BATCH_FILES = 512;
// Per-file cost in "bytes" when balancing batches across workers (open/read/close dominate small files).
const FILE_COST = 16 << 10;

interface WorkerSlot {
  worker: Worker;
  /** Cost of the batches sent and not answered yet (all pools). */
  outstanding: number;
  /** Jobs sent and not answered yet; the worker is ref'd only while this is > 0. */
  pending: number;
}

interface JobHandler {
  slot: WorkerSlot;
  onResults: (results: HashResult[]) => void;
  onError: (err: Error) => void;
}

/**
 * Workers are shared by every pool of the process and kept between computations: starting one
 * costs tens of milliseconds of CPU, as much as hashing thousands of small files. Idle workers
 * are unref'd so they never keep a process (the CLI) alive.
 */
const sharedSlots: WorkerSlot[] = [];
const handlers = new Map<number, JobHandler>();
let nextJobId = 0;

function dropSlot(slot: WorkerSlot, err: Error): void {
  const i = sharedSlots.indexOf(slot);
  if (i >= 0) sharedSlots.splice(i, 1);
  for (const [id, h] of handlers)
    if (h.slot === slot) {
      handlers.delete(id);
      h.onError(err);
    }
  void slot.worker.terminate();
}

function sharedWorkers(n: number): WorkerSlot[] {
  while (sharedSlots.length < n) {
    // execArgv: [] — the worker needs no loader; inheriting e.g. `--import tsx` costs each worker
    // a transpiler start-up.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    worker.unref();
    const slot: WorkerSlot = { worker, outstanding: 0, pending: 0 };
    worker.on('message', (msg: { id: number; results: HashResult[] }) => {
      const h = handlers.get(msg.id);
      handlers.delete(msg.id);
      if (--slot.pending === 0) worker.unref();
      h?.onResults(msg.results);
    });
    worker.on('error', (err) => dropSlot(slot, new Error(`Hash worker failed: ${err.message}`)));
    worker.on('exit', () => dropSlot(slot, new Error('Hash worker exited')));
    sharedSlots.push(slot);
  }
  return sharedSlots.slice(0, n);
}

/**
 * Hashes files submitted one by one while the caller is still walking the tree: batches are
 * posted to the workers at once (each to the least loaded), so hashing overlaps the walk even
 * though the walk keeps this thread busy. `finish` returns the results by submission index.
 */
export class HashPool {
  private readonly paths: string[] = [];
  private readonly results: HashResult[] = [];
  private slots: WorkerSlot[] = [];
  private readonly batches: { start: number; end: number; cost: number }[] = [];
  private readonly jobs = new Set<number>();
  private batchStart = 0;
  private batchCost = 0;
  private failure: Error | null = null;
  private done = 0;
  private waiter: (() => void) | null = null;
  private readonly onFallback: ((reason: string) => void) | undefined;
  private onDone: ((done: number) => void) | undefined;
  private readonly wanted: number;
  private started = false;

  constructor(opts: { workers?: number; onFallback?: (reason: string) => void } = {}) {
    this.onFallback = opts.onFallback;
    this.wanted = opts.workers ?? Math.min(4, Math.max(1, availableParallelism()));
  }

  /**
   * Workers are used from the first full batch on: a small tree is hashed here faster than a
   * worker starts.
   */
  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.wanted <= 0) return;
    try {
      this.slots = sharedWorkers(this.wanted);
    } catch (err) {
      this.onFallback?.(`worker threads unavailable (${(err as Error).message}); hashing in this thread`);
    }
  }

  /** Queues a file; returns its index in the results. */
  add(p: string, size: number): number {
    const index = this.paths.length;
    this.paths.push(p);
    this.batchCost += size + FILE_COST;
    if (this.paths.length - this.batchStart >= BATCH_FILES || this.batchCost >= BATCH_BYTES) this.flush();
    return index;
  }

  private flush(final = false): void {
    const end = this.paths.length;
    if (end === this.batchStart) return;
    const batch = { start: this.batchStart, end, cost: this.batchCost };
    this.batchStart = end;
    this.batchCost = 0;
    this.batches.push(batch);
    if (!final) this.start();
    const live = this.slots.filter((s) => sharedSlots.includes(s));
    if (live.length === 0 || this.failure) return; // hashed in finish()
    let slot = live[0] as WorkerSlot;
    for (const s of live) if (s.outstanding < slot.outstanding) slot = s;
    const id = nextJobId++;
    this.jobs.add(id);
    const chosen = slot;
    handlers.set(id, {
      slot: chosen,
      onResults: (results) => {
        this.jobs.delete(id);
        chosen.outstanding -= batch.cost;
        results.forEach((r, k) => (this.results[batch.start + k] = r));
        this.done += results.length;
        this.onDone?.(this.done);
        this.wake();
      },
      onError: (err) => {
        this.jobs.delete(id);
        this.failure ??= err;
        this.wake();
      },
    });
    chosen.outstanding += batch.cost;
    if (chosen.pending++ === 0) chosen.worker.ref();
    chosen.worker.postMessage({ id, paths: this.paths.slice(batch.start, batch.end) } satisfies Job);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Waits for every submitted file; hashes in this thread whatever the workers could not. */
  async finish(opts: { signal?: AbortSignal; onDone?: (done: number) => void } = {}): Promise<HashResult[]> {
    this.onDone = opts.onDone;
    this.flush(true);
    try {
      const onAbort = (): void => this.wake();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        while (this.jobs.size > 0 && !this.failure) {
          throwIfCancelled(opts.signal, 'Outhash');
          await new Promise<void>((resolve) => (this.waiter = resolve));
        }
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
      throwIfCancelled(opts.signal, 'Outhash');
      if (this.failure) this.onFallback?.(`${this.failure.message}; the rest was hashed in this thread`);
      // Fallback (no workers, or one failed): hash what is missing here, same algorithm.
      const buf = Buffer.allocUnsafe(1 << 20);
      for (let i = 0; i < this.paths.length; i++) {
        if (this.results[i] !== undefined) continue;
        if (i % 64 === 0) throwIfCancelled(opts.signal, 'Outhash');
        this.results[i] = hashFileInThread(this.paths[i] as string, buf);
        if (++this.done % 256 === 0) opts.onDone?.(this.done);
      }
      opts.onDone?.(this.paths.length);
      return this.results;
    } finally {
      this.terminate();
    }
  }

  /**
   * Abandons this pool's unfinished jobs. A worker still busy with them is stopped (a cancelled
   * 200 MB file must not keep a core busy); idle shared workers stay for the next computation.
   */
  terminate(): void {
    for (const id of this.jobs) {
      const h = handlers.get(id);
      if (h) dropSlot(h.slot, new Error('Hash job abandoned'));
    }
    this.jobs.clear();
  }
}

/** Hashes `paths` (in parallel on workers) and returns the results in the same order. */
export async function hashFiles(
  paths: readonly string[],
  opts: HashFilesOptions = {},
): Promise<HashResult[]> {
  if (paths.length === 0) return [];
  const pool = new HashPool({
    workers: paths.length < 8 ? 0 : (opts.workers ?? Math.min(4, Math.max(1, availableParallelism()))),
    ...(opts.onFallback ? { onFallback: opts.onFallback } : {}),
  });
  paths.forEach((p, i) => pool.add(p, opts.sizes?.[i] ?? 0));
  return pool.finish({
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onDone ? { onDone: opts.onDone } : {}),
  });
}
