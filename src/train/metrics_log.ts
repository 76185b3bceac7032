// metrics.jsonl: one JSON record per line. A record is written whole or not
// at all (a failed write is cut back off), and a resumed run first cuts the
// log back to its checkpoint, so the file equals an uninterrupted run's.
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic_write.js';

export interface MetricsPosition {
  /** Epoch the checkpoint continues in, and the first step it has not trained. */
  epoch: number;
  step: number;
}

function before(record: Record<string, unknown>, at: MetricsPosition): boolean {
  const epoch = record.epoch as number;
  if (record.type === 'epoch') return epoch < at.epoch;
  if (record.type === 'step') return epoch < at.epoch || (epoch === at.epoch && (record.step as number) < at.step);
  return false;
}

/** Keeps the records a run had written when it reached `at`; drops later ones and a torn last line. */
export function cutMetricsBack(path: string, at: MetricsPosition): { kept: number; dropped: number } {
  if (!existsSync(path)) return { kept: 0, dropped: 0 };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const kept: string[] = [];
  for (const line of lines) {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      break;  // a torn line: nothing after it can be trusted to be in order
    }
    if (record && typeof record === 'object' && before(record, at)) kept.push(line);
  }
  const dropped = lines.length - kept.length;
  const out = kept.map((l) => `${l}\n`).join('');
  if (out !== text) writeFileAtomicSync(path, out, 'metrics log');
  return { kept: kept.length, dropped };
}

export class MetricsLog {
  private readonly fd: number;
  private length: number;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
      this.length = fstatSync(this.fd).size;
    } catch (e) {
      throw new Error(`Cannot open metrics log ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  append(record: Record<string, unknown>): void {
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (e) {
      // Leave no torn line for the next record to be glued onto.
      try {
        ftruncateSync(this.fd, this.length);
      } catch {}
      throw new Error(`Cannot write metrics log ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    this.length += bytes.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}
