// One-line progress for a terminal (rewritten in place), or a line every ~10%
// of an epoch when the output is a file or a pipe.
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

export class Progress {
  private lastPrinted = -1;
  constructor(private readonly out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean } = process.stdout) {}

  update(o: { epoch: number; epochs: number; step: number; steps: number; loss: number; imagesPerSecond: number; etaSeconds: number }): void {
    const width = 24;
    const done = Math.round((width * (o.step + 1)) / o.steps);
    const line = `epoch ${o.epoch + 1}/${o.epochs} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${o.step + 1}/${o.steps}` +
      ` loss ${o.loss.toFixed(4)} | ${o.imagesPerSecond.toFixed(0)} img/s | ETA ${formatDuration(o.etaSeconds)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = Math.floor((10 * (o.step + 1)) / o.steps);
    if (decile !== this.lastPrinted || o.step + 1 === o.steps) {
      this.lastPrinted = decile;
      this.out.write(`${line}\n`);
    }
  }

  endEpoch(summary: string): void {
    this.out.write(`${this.out.isTTY ? '\r\x1b[K' : ''}${summary}\n`);
    this.lastPrinted = -1;
  }
}
