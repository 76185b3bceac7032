// FIFO concurrency limit for async jobs. Used to keep sharp decodes from
// flooding the libuv thread pool, which the native augmentation (an N-API
// AsyncWorker) shares: hundreds of queued decodes would put every training
// step's augmentation behind the whole prefetch.
export class Limiter {
  private active = 0;
  private alone = false;
  private waiting: Array<{ alone: boolean; start: () => void }> = [];
  /** Most jobs seen running at once (for tests and stats). */
  maxActive = 0;

  constructor(private limit: number) {}

  get concurrency(): number {
    return this.limit;
  }

  set concurrency(n: number) {
    this.limit = n;
    this.wake();
  }

  private wake(): void {
    while (!this.alone && this.waiting.length > 0) {
      const next = this.waiting[0];
      if (next.alone ? this.active > 0 : this.active >= this.limit) return;
      this.waiting.shift();
      this.active++;
      this.alone = next.alone;
      this.maxActive = Math.max(this.maxActive, this.active);
      next.start();
    }
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    return this.enter(false, job);
  }

  /** Runs job once nothing else runs, and starts nothing else until it ends (jobs queued before it run first). */
  runAlone<T>(job: () => Promise<T>): Promise<T> {
    return this.enter(true, job);
  }

  private async enter<T>(alone: boolean, job: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ alone, start });
      this.wake();
    });
    try {
      return await job();
    } finally {
      this.active--;
      this.alone = false;
      this.wake();
    }
  }
}
