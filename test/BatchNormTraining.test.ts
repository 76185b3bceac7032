import { describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../src/index.js';
import { batchNormTraining } from '../src/ops/batch_norm_training.js';
import { maxAbsDiff } from './helpers.js';

// The stock composition (what tfjs-layers' training path computes).
function stock(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number) {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return { y: tf.batchNorm(x, mean, variance, beta, gamma, eps), mean, variance };
}

describe('BatchNormTraining', () => {
  it.each([[[4, 5, 5, 3]], [[2, 7]], [[300, 17]], [[1, 3, 3, 64]]])('forward matches moments + batchNorm for %j', (shape) => {
    const C = shape[shape.length - 1];
    const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 1), 3), 5);
    const gamma = tf.randomNormal([C], 1, 0.2, 'float32', 2) as tf.Tensor1D, beta = tf.randomNormal([C], 0, 0.5, 'float32', 3) as tf.Tensor1D;
    const a = batchNormTraining(x, gamma, beta, 1e-5), b = stock(x, gamma, beta, 1e-5);
    expect(maxAbsDiff(a.y.dataSync(), b.y.dataSync())).toBeLessThan(2e-5);
    expect(maxAbsDiff(a.mean.dataSync(), b.mean.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDiff(a.variance.dataSync(), b.variance.dataSync())).toBeLessThan(1e-4);
  });

  it('gradients w.r.t. x, gamma and beta match autograd of the composition, including uses of mean and variance', () => {
    const x = tf.randomNormal([3, 4, 4, 6], 0, 2, 'float32', 4);
    const gamma = tf.randomNormal([6], 1, 0.3, 'float32', 5), beta = tf.randomNormal([6], 0, 1, 'float32', 6);
    const w = tf.randomNormal([3, 4, 4, 6], 0, 1, 'float32', 7), u = tf.randomNormal([6], 0, 1, 'float32', 8);
    // A loss that also reads the mean and variance outputs.
    const loss = (f: typeof stock) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const r = f(a, g, b, 1e-3);
      return tf.add(tf.sum(tf.mul(r.y, w)), tf.sum(tf.mul(tf.add(r.mean, tf.mul(2, r.variance)), u))) as tf.Scalar;
    };
    const fused = tf.grads(loss((a, g, b, e) => batchNormTraining(a, g as tf.Tensor1D, b as tf.Tensor1D, e)))([x, gamma, beta]);
    const ref = tf.grads(loss(stock))([x, gamma, beta]);
    fused.forEach((g, i) => expect(maxAbsDiff(g.dataSync(), ref[i].dataSync())).toBeLessThan(2e-4));
  });

  it('a tfjs-layers BatchNormalization layer trains identically with the fused path (outputs, moving stats, gradients)', async () => {
    const run = async (fused: boolean) => {
      const layer = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
      const x = tf.randomNormal([8, 3, 3, 5], 1, 2, 'float32', 9);
      layer.build(x.shape);
      layer.setWeights([tf.randomNormal([5], 1, 0.1, 'float32', 10), tf.randomNormal([5], 0, 0.1, 'float32', 11), tf.zeros([5]), tf.ones([5])]);
      let grads: tf.NamedTensorMap = {}, value: tf.Scalar = tf.scalar(0);
      const profile = await tf.profile(() => {
        ({ grads, value } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar));
      });
      expect(profile.kernelNames.includes('BatchNormTraining')).toBe(fused);
      return { value: value.dataSync()[0], grads: Object.values(grads).map((g) => g.dataSync()), weights: layer.getWeights().map((t) => t.dataSync()) };
    };
    const stockRun = await run(false);
    const { useFusedBatchNorm } = await import('../src/model/fused_batchnorm.js');
    useFusedBatchNorm();
    const fusedRun = await run(true);
    expect(Math.abs(fusedRun.value - stockRun.value)).toBeLessThan(1e-3);
    fusedRun.weights.forEach((w, i) => expect(maxAbsDiff(w, stockRun.weights[i])).toBeLessThan(1e-5));
    fusedRun.grads.forEach((g, i) => expect(maxAbsDiff(g, stockRun.grads[i])).toBeLessThan(1e-3));
  });
});
