// Gradient averaging of a data-parallel step, as DistributedDataParallel:
// the gradients are packed into buckets of at most BUCKET_BYTES in one fixed
// order (the optimiser's parameters'), each bucket is summed over the workers
// by one all-reduce, and divided by the number of workers. The ring all-reduce
// sums each element in one order fixed for a world size, and every worker
// receives the same bits: the parameters stay identical on every worker.
// On the `cuda` backend with NCCL, the buckets are device tensors summed by
// NCCL on the device stream; without NCCL they go through the host (Gloo).
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import type { NcclComm } from './nccl.js';
import type { ProcessGroup } from './process_group.js';

/** PyTorch DDP's default bucket_cap_mb (25 MiB). */
export const BUCKET_BYTES = 25 * 2 ** 20;

export interface BucketParam {
  /** Key of the gradient (the variable's name, as tf.variableGrads returns them). */
  key: string;
  shape: number[];
  size: number;
}

/** Consecutive runs of params of at most `maxFloats` values each (a larger param is a bucket alone). */
export function bucketsOf(params: BucketParam[], maxFloats = BUCKET_BYTES / 4): BucketParam[][] {
  const buckets: BucketParam[][] = [];
  let current: BucketParam[] = [], floats = 0;
  for (const p of params) {
    if (current.length > 0 && floats + p.size > maxFloats) {
      buckets.push(current);
      current = [];
      floats = 0;
    }
    current.push(p);
    floats += p.size;
  }
  if (current.length > 0) buckets.push(current);
  return buckets;
}

export class GradientReducer {
  readonly buckets: BucketParam[][];

  constructor(params: BucketParam[], maxFloats = BUCKET_BYTES / 4) {
    this.buckets = bucketsOf(params, maxFloats);
  }

  /**
   * The gradients averaged over the workers, as new tensors (the caller disposes both). A parameter without a
   * gradient in `grads` counts as zeros, so every worker sends the same buckets.
   */
  async average(group: ProcessGroup, grads: Record<string, Tensor>, divisor = group.size, nccl: NcclComm | null = null): Promise<Record<string, Tensor>> {
    if (nccl) return this.averageOnDevice(nccl, grads, divisor);
    const out: Record<string, Tensor> = {};
    const scale = 1 / divisor;
    // Bucket k+1 is packed while bucket k is on the wire (the group runs them in order).
    const sent: Array<{ bucket: BucketParam[]; data: Float32Array; done: Promise<void> }> = [];
    for (const bucket of this.buckets) {
      const data = new Float32Array(bucket.reduce((n, p) => n + p.size, 0));
      let offset = 0;
      for (const p of bucket) {
        const g = grads[p.key];
        if (g) data.set(g.dataSync() as Float32Array, offset);
        offset += p.size;
      }
      const done = group.allreduce(data);
      done.catch(() => {});  // awaited below, in order
      sent.push({ bucket, data, done });
    }
    for (const { bucket, data, done } of sent) {
      await done;
      let offset = 0;
      for (const p of bucket) {
        const part = data.slice(offset, offset + p.size);
        if (scale !== 1) for (let i = 0; i < part.length; i++) part[i] *= scale;
        out[p.key] = tf.tensor(part, p.shape, 'float32');
        offset += p.size;
      }
    }
    return out;
  }

  /** The same with the buckets as device tensors, summed by NCCL in place on the device stream. */
  private averageOnDevice(nccl: NcclComm, grads: Record<string, Tensor>, divisor: number): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const bucket of this.buckets) {
      const flat = tf.tidy(() => tf.concat(bucket.map((p) => (grads[p.key] ? tf.reshape(grads[p.key], [-1]) : tf.zeros([p.size])))));
      nccl.allreduce(flat);
      const parts = tf.tidy(() => tf.split(tf.mul(flat, 1 / divisor), bucket.map((p) => p.size)).map((t, i) => tf.reshape(t, bucket[i].shape)));
      flat.dispose();
      bucket.forEach((p, i) => (out[p.key] = parts[i]));
    }
    return out;
  }
}
