// With tfjs-node installed the fused ops run on its `tensorflow` backend. This
// stands in for it: a host backend registered under that name with the cpu
// backend's kernels, so the fused kernels' readSync/makeTensorInfo path is used
// without the cpu fast path.
import { describe, expect, it } from 'vitest';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { augmentPair, simsiamAugment, simsiamLoss, tf } from '../src/index.js';
import { maxAbsDiff, randomImages, randomMatrix } from './helpers.js';

describe('fused ops on a `tensorflow` host backend', () => {
  it('loss, gradients and augmentation match the cpu backend', async () => {
    const B = 6, D = 10;
    const xs = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s));
    const run = () => {
      const ts = xs.map((x) => tf.tensor2d(x, [B, D]));
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => simsiamLoss(a, b, ts[2], ts[3]))([ts[0], ts[1]]);
      const images = tf.tensor4d(Int32Array.from(randomImages(2, 9, 9, 1)), [2, 9, 9, 3], 'int32');
      return { loss: simsiamLoss(ts[0], ts[1], ts[2], ts[3]).dataSync()[0], g: grads[0].dataSync(), v: simsiamAugment(images, { size: 8, seed: 3 }).view1.dataSync() };
    };
    const onCpu = run();
    for (const k of tf.getKernelsForBackend('cpu'))
      if (!tf.getKernel(k.kernelName, 'tensorflow')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
    tf.registerBackend('tensorflow', () => new MathBackendCPU(), 5);
    await tf.setBackend('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    const onTf = run();
    expect(onTf.loss).toBe(onCpu.loss);
    expect(maxAbsDiff(onTf.g, onCpu.g)).toBe(0);
    expect(maxAbsDiff(onTf.v, onCpu.v)).toBe(0);
    const pair = await augmentPair({ data: randomImages(1, 9, 9, 2), count: 1, height: 9, width: 9 }, { size: 8, seed: 1 });
    expect(pair.view1.shape).toEqual([1, 8, 8, 3]);
  });
});
