// metrics.jsonl: one JSON record per line. A record is written whole or not
// at all (a failed write is cut back off), and a resumed run first cuts the
// log back to its checkpoint, so the file equals an uninterrupted run's.
// Beside it, TensorBoard event files mirror the records given a global step
// (the trainer gives every record one): one event per record, in the same
// order, so cutting the log back to N records cuts the events back to N.
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic_write.js';
import { cutEventsBack, EventsWriter } from '../report/tfevents.js';

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

interface StepRecord {
  type: 'step';
  epoch: number;
  images: number;
  time: number;
}

/**
 * Training throughput of step records: images over the time between consecutive steps of one epoch, so the
 * kNN between epochs, a resume and each epoch's first step (whose start is not logged) do not count.
 */
export function imagesPerSecond(records: readonly object[]): number | null {
  let images = 0, seconds = 0, prev: StepRecord | null = null;
  for (const r of records) {
    const s = r as StepRecord;
    if (s.type !== 'step') continue;
    if (prev && prev.epoch === s.epoch && s.time > prev.time) [images, seconds] = [images + s.images, seconds + s.time - prev.time];
    prev = s;
  }
  return seconds > 0 ? images / seconds : null;
}

/** The TensorBoard scalars of a metrics record; `steps` are this process's step records of its epoch so far. */
function scalarsOf(record: Record<string, unknown>, steps: StepRecord[]): Record<string, number> {
  const rate = imagesPerSecond(record.type === 'step' ? steps.slice(-2) : steps);
  const out: Record<string, number> = record.type === 'step'
    ? { 'train/loss': record.loss as number, 'train/lr': record.lr as number, 'train/collapse_std': record.collapseStd as number }
    : { 'epoch/loss': record.loss as number, 'epoch/collapse_std': record.collapseStd as number };
  if (record.type === 'epoch' && record.knnTop1 !== null) [out['epoch/knn_top1'], out['epoch/knn_top5']] = [record.knnTop1 as number, record.knnTop5 as number];
  if (rate !== null) out[record.type === 'step' ? 'train/images_per_sec' : 'epoch/images_per_sec'] = rate;
  return out;
}

export class MetricsLog {
  private readonly fd: number;
  private length: number;
  private readonly events: EventsWriter;
  private epochSteps: StepRecord[] = [];

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
      this.length = fstatSync(this.fd).size;
    } catch (e) {
      throw new Error(`Cannot open metrics log ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    // Events beyond the log's records are a crashed run's late ones, or an overwritten run's.
    const records = this.length ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').length : 0;
    cutEventsBack(dirname(path), records);
    this.events = new EventsWriter(dirname(path));
  }

  /** Appends `record`; with `step` (the run's global step) also its TensorBoard event. */
  append(record: Record<string, unknown>, step?: number): void {
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
    if (step === undefined) return;
    if (record.type === 'step') {
      if (this.epochSteps[0]?.epoch !== record.epoch) this.epochSteps = [];
      this.epochSteps.push(record as unknown as StepRecord);
    }
    try {
      this.events.scalars(step, scalarsOf(record, this.epochSteps), typeof record.time === 'number' ? record.time : Date.now() / 1000);
    } catch (e) {
      throw new Error(`Cannot write TensorBoard events ${this.events.path || this.events.dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (record.type === 'epoch') this.epochSteps = [];
  }

  close(): void {
    closeSync(this.fd);
    this.events.close();
  }
}
