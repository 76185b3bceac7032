// Backbone features of a dataset split without augmentation (the eval
// transform: resize + centre crop, then normalisation), for the kNN monitor
// and the linear probe. Small splits keep their transformed pixels in memory so
// later epochs skip decoding.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { evalTransform, type PackedRgbBatch } from '../data/eval_transform.js';
import type { DatasetSplit } from '../data/types.js';

export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];
const MAX_CACHED_BYTES = 256 * 1024 * 1024;

/** (x / 255 - mean) / std of a packed RGB8 batch, as [n, S, S, 3]. */
export function normaliseBatch(b: PackedRgbBatch, mean = IMAGENET_MEAN, std = IMAGENET_STD): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.div(tf.tensor4d(Float32Array.from(b.data), [b.count, b.height, b.width, 3]), 255);
    return tf.div(tf.sub(x, tf.tensor1d(mean)), tf.tensor1d(std)) as tf.Tensor4D;
  });
}

export class EvalSet {
  private cache: Array<{ batch: PackedRgbBatch; labels: Int32Array }> | null = null;
  skipped = 0;

  constructor(readonly split: DatasetSplit, readonly size: number, readonly limit = 0, readonly batchSize = 256) {}

  get count(): number {
    return this.limit > 0 ? Math.min(this.limit, this.split.size) : this.split.size;
  }

  /** Eval-transformed batches in index order (records that fail to decode are left out). */
  async *batches(): AsyncGenerator<{ batch: PackedRgbBatch; labels: Int32Array }> {
    if (this.cache) {
      yield* this.cache;
      return;
    }
    const keep = this.count * this.size * this.size * 3 <= MAX_CACHED_BYTES;
    const cache: Array<{ batch: PackedRgbBatch; labels: Int32Array }> = [];
    this.skipped = 0;
    for (let start = 0; start < this.count; start += this.batchSize) {
      const indices = Array.from({ length: Math.min(this.batchSize, this.count - start) }, (_, i) => start + i);
      const read = await this.split.read(indices);
      this.skipped += read.skipped.length;
      if (read.images.length === 0) continue;
      const item = { batch: await evalTransform(read.images, this.size), labels: read.labels };
      if (keep) cache.push(item);
      yield item;
    }
    if (keep) this.cache = cache;
  }

  /** l2-unnormalised backbone features [n, d] (BatchNorm in inference mode) and their labels; `signal` stops it between batches. */
  async features(backbone: LayersModel, signal?: AbortSignal): Promise<{ features: Tensor2D; labels: Int32Array }> {
    const parts: Tensor2D[] = [];
    const labels: number[] = [];
    for await (const { batch, labels: l } of this.batches()) {
      if (signal?.aborted) {
        tf.dispose(parts);
        throw signal.reason;
      }
      parts.push(tf.tidy(() => backbone.apply(normaliseBatch(batch), { training: false }) as Tensor2D));
      labels.push(...l);
    }
    if (parts.length === 0) return { features: tf.zeros([0, backbone.outputs[0].shape[1] as number]) as Tensor2D, labels: new Int32Array(0) };
    const features = tf.concat(parts, 0) as Tensor2D;
    tf.dispose(parts);
    return { features, labels: Int32Array.from(labels) };
  }
}
