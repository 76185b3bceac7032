// Training-path check: the gradients of a small tfjs-layers conv net (fused
// conv + bias + relu, strided conv, 1x1 conv, dense) are the same with the
// native kernels as with tfjs-backend-cpu's, and a step leaks nothing.
import { describe, expect, it, vi } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/index.js';
import { native } from '../../src/native.js';
import { expectClose, random, withStockKernels } from './compare.js';

function model(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'glorotUniform', biasInitializer: 'randomNormal' }));
  m.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }));
  m.add(tfl.layers.conv2d({ filters: 12, kernelSize: 1, padding: 'valid', useBias: false }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 5, activation: 'relu', biasInitializer: 'randomNormal' }));
  return m;
}

describe('gradients through a tfjs-layers conv net', () => {
  tf.setBackend('cpu');
  const net = model();
  const x = random([3, 12, 12, 3], 51), target = random([3, 5], 52);
  const loss = () => tf.losses.meanSquaredError(target, net.apply(x) as tf.Tensor) as tf.Scalar;

  it('match those of the stock kernels', () => {
    const spies = ['conv2d', 'conv2dBackpropFilter', 'conv2dBackpropInput', 'batchMatMul'].map((f) => vi.spyOn(native, f as never));
    const got = tf.variableGrads(loss);
    for (const s of spies) expect(s).toHaveBeenCalled();
    vi.restoreAllMocks();
    const want = withStockKernels(() => tf.variableGrads(loss));
    expectClose(got.value, want.value, 100, Math.max(1, Math.abs(want.value.dataSync()[0])));
    expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
    for (const name of Object.keys(want.grads)) {
      const w = want.grads[name];
      // A gradient sums over the batch and every layer above; bound it by its own scale.
      const scale = Math.max(...Array.from(w.dataSync(), Math.abs), 1e-3);
      expectClose(got.grads[name], w, 1000, scale);
    }
  });

  it('training steps leak no tensor or backend data', () => {
    const opt = tf.train.sgd(0.01);
    const step = () => tf.dispose(opt.minimize(loss, true) ?? []);
    step();
    const tensors = tf.memory().numTensors, data = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(data);
  });
});
