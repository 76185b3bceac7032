// FIFO concurrency limit for async jobs. Used to keep sharp decodes from
// flooding the libuv thread pool, which the native augmentation (an N-API
// AsyncWorker) shares: hundreds of queued decodes would put every training
// step's augmentation behind the whole prefetch.
export class Limiter {
  private active = 0;
  private waiting: Array<() => void> = [];
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
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.maxActive = Math.max(this.maxActive, this.active);
      this.waiting.shift()!();
    }
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.wake();
    });
    try {
      return await job();
    } finally {
      this.active--;
      this.wake();
    }
  }
}
