// Ctrl-C (SIGINT) and SIGTERM (what schedulers send before killing a job):
// the first asks the run to stop at the next safe point with a checkpoint,
// a second one exits at once.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof SIGNALS)[number];

/** Exit status of a process ended by `signal` (128 + its number), as shells report it. */
export const exitCodeOf = (signal: StopSignal) => (signal === 'SIGINT' ? 130 : 143);

export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

export class Interrupts {
  signal: StopSignal | null = null;
  private readonly controller = new AbortController();
  private readonly handlers = SIGNALS.map((s) => [s, () => this.receive(s)] as const);

  constructor(private readonly log: (line: string) => void) {
    for (const [s, h] of this.handlers) process.on(s, h);
  }

  /** Aborted at the first signal: long evaluations check it between batches. */
  get abortSignal(): AbortSignal {
    return this.controller.signal;
  }

  private receive(signal: StopSignal): void {
    if (this.signal) {
      this.log(`\nsecond signal (${signal}): exiting now, without a checkpoint`);
      process.exit(exitCodeOf(signal));
    }
    this.signal = signal;
    this.log(`\n${signal}: stopping at the next safe point with a checkpoint (send it again to exit at once)`);
    this.controller.abort(new InterruptedError(signal));
  }

  dispose(): void {
    for (const [s, h] of this.handlers) process.off(s, h);
  }
}
