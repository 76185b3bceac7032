// The reduction kernels take their native paths (no host fallback) for the
// shapes and attrs of the training step, the kNN monitor and the probe.
import { describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { hostFallbackCalls } from '../../src/backend/cuda/host_fallback.js';
import { useCudaBackend } from './setup.js';

useCudaBackend();

const MINE = ['Sum', 'Mean', 'Max', 'Min', 'ArgMax', 'ArgMin', 'TopK', 'GatherV2', 'OneHot'];

describe('reduction kernels on cuda', () => {
  it('kNN vote, moments, logSumExp and argMax run without the host fallback', async () => {
    await tf.setBackend('cuda');
    hostFallbackCalls.clear();
    tf.tidy(() => {
      const sim = tf.randomUniform([8, 500]) as any;
      const labels = tf.tensor1d(Int32Array.from({ length: 500 }, (_, i) => i % 10), 'int32');
      const { values, indices } = tf.topk(sim, 200);
      const votes = tf.oneHot(tf.gather(labels, indices), 10);
      tf.sum(tf.mul(votes, tf.expandDims(values, 2)), 1);
      const x = tf.randomNormal([4, 3, 3, 16]);
      tf.moments(x, [0, 1, 2]);
      tf.logSumExp(tf.reshape(x, [12, 48]), 1);
      tf.argMax(tf.reshape(x, [12, 48]), 1);
      tf.min(x, [1, 2], true);
    });
    expect(MINE.filter((k) => hostFallbackCalls.has(k))).toEqual([]);
  });

  it('GatherV2 of an out-of-range index gives zeros (tfjs-cpu throws)', async () => {
    await tf.setBackend('cuda');
    const y = tf.tidy(() => tf.gather(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([1, 2, -1], 'int32')));
    expect(Array.from(await y.data())).toEqual([3, 4, 0, 0, 0, 0]);
    y.dispose();
  });
});
