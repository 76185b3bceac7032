// BatchLoader: seeded per-(seed, epoch) order, reads `prefetch` batches ahead
// of the one being consumed so the training step need not wait on decoding.
import { performance } from 'node:perf_hooks';
import { boolean, invalid, isInteger, knownKeys, nonNegativeInteger, outOfRange, positiveInteger } from '../validate.js';
import { permutation } from './prng.js';
import type { DatasetSplit, RgbImage, SkippedRecord } from './types.js';

export interface Batch {
  /** Position in the epoch (0-based), the same whether or not the loader resumed. */
  step: number;
  /** Decoded images; fewer than batchSize when records were skipped (possibly none). */
  images: RgbImage[];
  labels: Int32Array;
  indices: number[];
  skipped: SkippedRecord[];
}

export interface BatchLoaderOptions {
  batchSize: number;
  seed: number;
  epoch: number;
  shuffle: boolean;
  dropLast: boolean;
  /** Batches read ahead of the one being consumed (>= 2, default 2). */
  prefetch?: number;
  /** First step to yield (resume mid-epoch); earlier batches are not read. */
  startStep?: number;
  /** Called once per skipped file per split (default: one console.warn line); null silences it. */
  onSkip?: ((record: SkippedRecord) => void) | null;
  /**
   * Data-parallel worker `rank` of `count` (DistributedSampler semantics): batchSize is the global batch and this
   * loader reads records rank, rank + count, ... of each one, so the workers' shares of an epoch are disjoint and
   * together are the one-worker epoch. The epoch's order is the same on every worker (seed, epoch).
   */
  shard?: { rank: number; count: number };
}

export interface LoaderStats {
  batches: number;
  images: number;
  skipped: number;
  /** Wall time during which at least one read was running. */
  readSeconds: number;
  /** images / readSeconds: the decode throughput. */
  imagesPerSecond: number;
  /** Time the consumer spent waiting for a batch that was not ready yet. */
  waitSeconds: number;
}

const KNOWN = ['batchSize', 'seed', 'epoch', 'shuffle', 'dropLast', 'prefetch', 'startStep', 'onSkip', 'shard'] as const;

// A bad file is reported once per split, not once per epoch.
const warned = new WeakMap<DatasetSplit, Set<string>>();

/** A skipped record in words: the reason, after the path unless it names it already. */
export function describeSkip(r: SkippedRecord): string {
  return r.reason.includes(r.path) ? r.reason : `${r.path}: ${r.reason}`;
}

function warnLine(r: SkippedRecord): void {
  console.warn(`warning: skipped an image: ${describeSkip(r)}`);
}

export class BatchLoader implements AsyncIterable<Batch> {
  /** Batches in the epoch (from step 0). */
  readonly steps: number;
  readonly batchSize: number;
  readonly startStep: number;
  readonly prefetch: number;
  /** Record order of this epoch. */
  readonly order: Int32Array;
  /** This worker's share of every batch (rank of count; 0 of 1 alone). */
  readonly shard: { rank: number; count: number };
  private readonly onSkip: ((record: SkippedRecord) => void) | null;
  private counts = { batches: 0, images: 0, skipped: 0, waitMs: 0, busyMs: 0 };
  private active = 0;
  private busySince = 0;

  constructor(private readonly split: DatasetSplit, options: BatchLoaderOptions) {
    if (split === null || typeof split !== 'object' || typeof split.read !== 'function' || !isInteger(split.size))
      throw invalid('a DatasetSplit', 'split', split);
    const o = knownKeys(options, 'options', KNOWN, 'BatchLoader');
    this.batchSize = positiveInteger(o.batchSize, 'batchSize');
    const seed = nonNegativeInteger(o.seed, 'seed');
    const epoch = nonNegativeInteger(o.epoch, 'epoch');
    const shuffle = boolean(o.shuffle, 'shuffle');
    const dropLast = boolean(o.dropLast, 'dropLast');
    this.prefetch = o.prefetch === undefined ? 2 : o.prefetch as number;
    if (!isInteger(this.prefetch)) throw invalid('integer >= 2', 'prefetch', o.prefetch);
    if (this.prefetch < 2) throw outOfRange('integer >= 2', 'prefetch', o.prefetch);
    const n = split.size;
    this.steps = dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    this.startStep = o.startStep === undefined ? 0 : nonNegativeInteger(o.startStep, 'startStep');
    if (this.startStep > this.steps) throw outOfRange(`integer between 0 and ${this.steps}`, 'startStep', o.startStep);
    if (o.onSkip !== undefined && o.onSkip !== null && typeof o.onSkip !== 'function') throw invalid('function or null', 'onSkip', o.onSkip);
    this.onSkip = o.onSkip === undefined ? warnLine : (o.onSkip as ((r: SkippedRecord) => void) | null);
    this.order = shuffle ? permutation(n, seed, epoch) : Int32Array.from({ length: n }, (_, i) => i);
    const shard = o.shard as BatchLoaderOptions['shard'];
    if (shard !== undefined && (shard === null || typeof shard !== 'object' || !isInteger(shard.count) || shard.count < 1 ||
        !isInteger(shard.rank) || shard.rank < 0 || shard.rank >= shard.count))
      throw invalid('{ rank, count } with 0 <= rank < count', 'shard', shard);
    this.shard = shard ? { rank: shard.rank, count: shard.count } : { rank: 0, count: 1 };
  }

  /** Record indices of a step (this worker's share of them). */
  batchIndices(step: number): number[] {
    const start = step * this.batchSize;
    const batch = this.order.subarray(start, Math.min(start + this.batchSize, this.order.length));
    const { rank, count } = this.shard;
    return count === 1 ? Array.from(batch) : Array.from(batch).filter((_, i) => i % count === rank);
  }

  get stats(): LoaderStats {
    const c = this.counts;
    const busyMs = c.busyMs + (this.active > 0 ? performance.now() - this.busySince : 0);
    return {
      batches: c.batches,
      images: c.images,
      skipped: c.skipped,
      readSeconds: busyMs / 1000,
      imagesPerSecond: busyMs > 0 ? c.images / (busyMs / 1000) : 0,
      waitSeconds: c.waitMs / 1000,
    };
  }

  private async load(step: number): Promise<Batch> {
    if (this.active++ === 0) this.busySince = performance.now();
    try {
      const r = await this.split.read(this.batchIndices(step));
      this.counts.batches++;
      this.counts.images += r.images.length;
      this.counts.skipped += r.skipped.length;
      this.report(r.skipped);
      return { step, images: r.images, labels: r.labels, indices: r.indices, skipped: r.skipped };
    } finally {
      if (--this.active === 0) this.counts.busyMs += performance.now() - this.busySince;
    }
  }

  private report(skipped: SkippedRecord[]): void {
    if (!this.onSkip || skipped.length === 0) return;
    let seen = warned.get(this.split);
    if (!seen) warned.set(this.split, (seen = new Set()));
    for (const r of skipped) {
      if (seen.has(r.path)) continue;
      seen.add(r.path);
      this.onSkip(r);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Batch, void, undefined> {
    const pending = new Map<number, Promise<Batch>>();
    const request = (step: number) => {
      if (step >= this.steps || pending.has(step)) return;
      const p = this.load(step);
      p.catch(() => {});  // surfaced when awaited; never an unhandled rejection meanwhile
      pending.set(step, p);
    };
    for (let step = this.startStep; step < this.steps; step++) {
      // While the consumer holds batch `step`, steps +1 .. +prefetch are being read.
      for (let k = step; k <= step + this.prefetch; k++) request(k);
      const t0 = performance.now();
      const batch = await pending.get(step)!;
      this.counts.waitMs += performance.now() - t0;
      pending.delete(step);
      yield batch;
    }
  }
}
