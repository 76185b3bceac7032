// The parts of data-parallel training, in one process: the environment
// contract, the sharded loader (DistributedSampler semantics), the views of a
// worker's share of a batch, the gradient buckets, and SyncBatchNorm in a world
// of one against the fused BatchNorm (the same numbers bit for bit).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { BatchLoader } from '../../src/data/loader.js';
import type { DatasetSplit, RgbImage } from '../../src/data/types.js';
import { distributedEnv } from '../../src/distributed/env.js';
import { bucketsOf, GradientReducer } from '../../src/distributed/gradients.js';
import { ProcessGroup } from '../../src/distributed/process_group.js';
import { syncBatchNorm } from '../../src/distributed/sync_batch_norm.js';
import { augmentPair } from '../../src/ops/augment_pair.js';
import { batchNormTraining } from '../../src/ops/batch_norm_training.js';
import { glooSkipReason } from './helpers.js';
import { randomImages } from '../helpers.js';

describe('the worker environment (RANK, WORLD_SIZE, ...)', () => {
  const base = { RANK: '1', WORLD_SIZE: '4', MASTER_ADDR: '10.0.0.2', MASTER_PORT: '29500' };
  it('alone without WORLD_SIZE (or with 1); torchrun variables otherwise', () => {
    expect(distributedEnv({})).toBeNull();
    expect(distributedEnv({ WORLD_SIZE: '1', RANK: '0' })).toBeNull();
    expect(distributedEnv(base)).toEqual({
      rank: 1, worldSize: 4, localRank: 1, localWorldSize: 4, store: 'redis:10.0.0.2:29500', runId: 'simsiam-29500',
      masterAddr: '10.0.0.2', masterPort: 29500, timeoutMs: 300000, iface: null, launched: false,
    });
    expect(distributedEnv({ ...base, LOCAL_RANK: '0', LOCAL_WORLD_SIZE: '2', SIMSIAM_STORE: 'file:/shared/rdzv', SIMSIAM_RUN_ID: 'r7',
      SIMSIAM_DIST_TIMEOUT: '2.5', GLOO_SOCKET_IFNAME: 'eth1' })).toMatchObject(
      { localRank: 0, localWorldSize: 2, store: 'file:/shared/rdzv', runId: 'r7', timeoutMs: 2500, iface: 'eth1' });
  });
  it('names the variable that is wrong', () => {
    expect(() => distributedEnv({ ...base, RANK: '4' })).toThrow('RANK=4 is not below WORLD_SIZE=4');
    expect(() => distributedEnv({ ...base, RANK: 'one' })).toThrow('RANK=one is not an integer >= 0');
    expect(() => distributedEnv({ WORLD_SIZE: '2', MASTER_ADDR: 'x', MASTER_PORT: '1' })).toThrow('RANK is not set');
    expect(() => distributedEnv({ RANK: '0', WORLD_SIZE: '2' })).toThrow('MASTER_ADDR and MASTER_PORT (the Redis rendezvous server) or SIMSIAM_STORE must be set');
    expect(() => distributedEnv({ ...base, MASTER_PORT: '70000' })).toThrow('MASTER_PORT=70000 is not a port');
    expect(() => distributedEnv({ ...base, SIMSIAM_STORE: 'tcp://x' })).toThrow('SIMSIAM_STORE=tcp://x is not file:DIR or redis:HOST:PORT');
    expect(() => distributedEnv({ ...base, LOCAL_RANK: '3', LOCAL_WORLD_SIZE: '2' })).toThrow('LOCAL_RANK=3 is not below LOCAL_WORLD_SIZE=2');
    expect(() => distributedEnv({ ...base, SIMSIAM_DIST_TIMEOUT: '0' })).toThrow('SIMSIAM_DIST_TIMEOUT=0 is not a number of seconds');
  });
});

/** A split of n records whose image i is 1x1 of value i (labels i % 10). */
function countingSplit(n: number): DatasetSplit {
  return {
    size: n, numClasses: 10, labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    read: async (indices: number[]) => ({
      images: indices.map((i): RgbImage => ({ data: Uint8Array.of(i % 256, i >> 8, 0), height: 1, width: 1 })),
      labels: Int32Array.from(indices, (i) => i % 10), indices, skipped: [],
    }),
  } as unknown as DatasetSplit;
}

describe('sharded loading (DistributedSampler semantics)', () => {
  it('the workers read disjoint shares of every global batch, together the one-worker batches, in the same steps', async () => {
    const split = countingSplit(103);
    const seen = async (o: { shard?: { rank: number; count: number } }) => {
      const steps: number[][] = [];
      for await (const b of new BatchLoader(split, { batchSize: 12, seed: 7, epoch: 2, shuffle: true, dropLast: true, onSkip: null, ...o }))
        steps.push(b.indices);
      return steps;
    };
    const whole = await seen({});
    expect(whole).toHaveLength(8);
    const shares = await Promise.all([0, 1, 2].map((rank) => seen({ shard: { rank, count: 3 } })));
    for (let s = 0; s < whole.length; s++) {
      // Worker r has the batch's records r, r + 3, ...: interleaved, they are the one-worker batch in order.
      const interleaved = whole[s].map((_, i) => shares[i % 3][s][Math.floor(i / 3)]);
      expect(interleaved).toEqual(whole[s]);
    }
    const all = shares.flat(2);
    expect(new Set(all).size).toBe(all.length);  // every record at most once per epoch
    expect(() => new BatchLoader(split, { batchSize: 4, seed: 0, epoch: 0, shuffle: true, dropLast: true, shard: { rank: 2, count: 2 } }))
      .toThrow('shard');
  });
});

describe("a worker's share of a batch gets the views the whole batch would give it", () => {
  it('firstIndex / indexStride', async () => {
    const n = 6, data = randomImages(n, 12, 12, 4);
    const images = { data, count: n, height: 12, width: 12 };
    const o = { preset: 'cifar' as const, size: 8, seed: 99 };
    const whole = await augmentPair(images, o);
    const w = await whole.view1.array() as number[][][][];
    for (const rank of [0, 1]) {
      const mine = Array.from({ length: n / 2 }, (_, j) => 2 * j + rank);
      const part = { data: Uint8Array.from(mine.flatMap((i) => [...data.subarray(i * 432, (i + 1) * 432)])), count: mine.length, height: 12, width: 12 };
      const share = await augmentPair(part, { ...o, firstIndex: rank, indexStride: 2 });
      const s = await share.view1.array() as number[][][][];
      mine.forEach((i, j) => expect(s[j]).toEqual(w[i]));
      tf.dispose([share.view1, share.view2]);
    }
    tf.dispose([whole.view1, whole.view2]);
    await expect(augmentPair(images, { ...o, indexStride: 0 })).rejects.toThrow('indexStride');
  });
});

describe('gradient buckets', () => {
  it('fixed order, at most the cap each (a larger parameter alone)', () => {
    const p = (key: string, size: number) => ({ key, shape: [size], size });
    const params = [p('a', 3), p('b', 4), p('c', 10), p('d', 1), p('e', 2)];
    expect(bucketsOf(params, 8).map((b) => b.map((q) => q.key))).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(bucketsOf(params).map((b) => b.map((q) => q.key))).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(new GradientReducer(params, 6).buckets.map((b) => b.map((q) => q.key))).toEqual([['a'], ['b'], ['c'], ['d', 'e']]);
  });
});

const skip = glooSkipReason();
describe.skipIf(skip !== null)(`SyncBatchNorm in a world of one${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-syncbn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the fused BatchNorm outputs, statistics and gradients bit for bit', async () => {
    const group = await ProcessGroup.connect({ rank: 0, size: 1, store: `file:${dir}`, hostname: '127.0.0.1', timeoutMs: 5000 });
    try {
      const sync = syncBatchNorm(group);
      const x = tf.randomNormal([6, 5, 5, 7], 0.3, 2, 'float32', 1);
      const gamma = tf.randomNormal([7], 1, 0.2, 'float32', 2) as tf.Tensor1D, beta = tf.randomNormal([7], 0, 0.2, 'float32', 3) as tf.Tensor1D;
      const w = tf.randomNormal([6, 5, 5, 7], 0, 1, 'float32', 4);
      // x, gamma and beta as variables, so that variableGrads returns all three gradients.
      const asOp = (bn: typeof sync) => {
        const vx = tf.variable(x), vg = tf.variable(gamma), vb = tf.variable(beta);
        let stats: number[][] = [];
        const { value, grads } = tf.variableGrads(() => {
          const r = bn(vx, vg as unknown as tf.Tensor1D, vb as unknown as tf.Tensor1D, 1e-5);
          stats = [Array.from(r.mean.dataSync()), Array.from(r.variance.dataSync())];
          return tf.sum(tf.mul(r.y, w)) as tf.Scalar;
        }, [vx, vg, vb]);
        const out = { value: value.dataSync()[0], stats, grads: [vx, vg, vb].map((v) => Array.from(grads[v.name].dataSync())) };
        tf.dispose([vx, vg, vb, value, ...Object.values(grads)]);
        return out;
      };
      const fused = asOp(batchNormTraining);
      const synced = asOp(sync);
      expect(synced.value).toBe(fused.value);
      expect(synced.stats).toEqual(fused.stats);
      expect(synced.grads).toEqual(fused.grads);
    } finally {
      group.close();
    }
  });
});
