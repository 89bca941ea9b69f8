import { InspectorError, toErrorInfo } from '../../../shared/model/errors';
import type { Progress, ProgressFn } from '../../../shared/model/progress';
import type { Emit } from './event-hub';

/** What a long job gets: a signal to honour and a progress callback. */
export interface JobHandle {
  jobId: string;
  signal: AbortSignal;
  onProgress: ProgressFn;
}

/** Options of the job registry. */
export interface JobRegistryOptions {
  /** Least time between two progress events of one job (default 100 ms); phase changes always go out. */
  throttleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Runs long jobs: one AbortController per job id (so `job.cancel` can stop it), progress turned
 * into throttled `job.progress` events, and a `job.finished` event however the job ends.
 */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();
  private readonly throttleMs: number;
  private readonly now: () => number;
  private anonymous = 0;

  constructor(
    private readonly emit: Emit,
    options: JobRegistryOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /** Runs `fn` as job `jobId` (a private id when the caller gave none: it cannot be cancelled then). */
  async run<T>(method: string, jobId: string | undefined, fn: (job: JobHandle) => Promise<T>): Promise<T> {
    const id = jobId ?? `internal-${++this.anonymous}`;
    if (this.running.has(id)) throw new InspectorError('INVALID_INPUT', `Job '${id}' is already running`);
    const controller = new AbortController();
    this.running.set(id, controller);
    let last: { at: number; phase: string } | null = null;
    const onProgress = (progress: Progress): void => {
      if (controller.signal.aborted) return;
      const at = this.now();
      const finished = progress.total !== undefined && progress.done >= progress.total;
      if (last && last.phase === progress.phase && at - last.at < this.throttleMs && !finished) return;
      last = { at, phase: progress.phase };
      this.emit('job.progress', { jobId: id, method, progress: { ...progress } });
    };
    try {
      const value = await fn({ jobId: id, signal: controller.signal, onProgress });
      // A job that ignored the signal still reports CANCELLED: the user asked to stop.
      if (controller.signal.aborted) throw new InspectorError('CANCELLED', `${method} was cancelled`);
      this.emit('job.finished', { jobId: id, method, ok: true });
      return value;
    } catch (err) {
      const error = controller.signal.aborted
        ? { code: 'CANCELLED' as const, message: `${method} was cancelled` }
        : toErrorInfo(err);
      this.emit('job.finished', { jobId: id, method, ok: false, error });
      if (controller.signal.aborted)
        throw new InspectorError('CANCELLED', error.message, undefined, { cause: err });
      throw err;
    } finally {
      this.running.delete(id);
    }
  }

  /** Cancels a running job; false when no job has that id (finished already, or never started). */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort(new InspectorError('CANCELLED', `Job '${jobId}' was cancelled`));
    return true;
  }

  /** Cancels every running job (shutdown). */
  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id);
  }

  /** Ids of running jobs. */
  ids(): string[] {
    return [...this.running.keys()];
  }
}
