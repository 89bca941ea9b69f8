import { PyFloat } from './py-json';

/**
 * Request statistics like the server's (spec §5.5): a sample is counted when a request starts,
 * its time added when it ends; mean and sample standard deviation by Welford's method.
 */
export class RequestStats {
  private num = 0;
  private total = 0;
  private max = 0;
  private m = 0;
  private s = 0;
  private ended = 0;

  /** Starts a sample; call the returned function when the request is done. */
  start(): () => void {
    this.num++;
    const t0 = process.hrtime.bigint();
    return () => {
      const dt = Number(process.hrtime.bigint() - t0) / 1e9;
      this.total += dt;
      if (dt > this.max) this.max = dt;
      this.ended++;
      const delta = dt - this.m;
      this.m += delta / this.ended;
      this.s += delta * (dt - this.m);
    };
  }

  reset(): void {
    this.num = this.total = this.max = this.m = this.s = this.ended = 0;
  }

  /** `{"requests": {...}}` as get-stats answers it. */
  toJson(): Record<string, unknown> {
    const f = (v: number): PyFloat | number => (this.ended > 0 ? new PyFloat(v) : 0);
    return {
      requests: {
        num: this.num,
        total_time: f(this.total),
        max_time: f(this.max),
        average: f(this.ended > 0 ? this.total / this.ended : 0),
        stdev: f(this.ended > 1 ? Math.sqrt(this.s / (this.ended - 1)) : 0),
      },
    };
  }
}
