// Training-path check for the element-wise kernels: the loss and gradients of
// a small tfjs-layers net with BatchNormalization in training mode, explicit
// zero padding before a stride-2 conv and global average pooling are the
// same with the native kernels as with tfjs-backend-cpu's, and training steps
// leak nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/index.js';
import { native } from '../../src/native.js';
import { expectClose, random, withStockKernels } from './compare.js';

afterEach(() => vi.restoreAllMocks());

function model(): tfl.LayersModel {
  const input = tfl.input({ shape: [10, 10, 3] });
  let h = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({ gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.zeroPadding2d({ padding: 1 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({ momentum: 0.9 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 5 }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

describe('gradients through a tfjs-layers net with BatchNormalization (training mode)', () => {
  tf.setBackend('cpu');
  const net = model();
  const x = random([6, 10, 10, 3], 61), target = random([6, 5], 62);
  const loss = () => tf.losses.meanSquaredError(target, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;

  it('match those of the stock kernels', () => {
    const used = ['binary', 'reduce', 'tile', 'slice', 'padV2', 'unary', 'fusedBatchNorm'] as const;
    const spies = used.map((f) => vi.spyOn(native, f));
    const got = tf.variableGrads(loss);
    for (const s of spies) expect(s).toHaveBeenCalled();
    vi.restoreAllMocks();
    const want = withStockKernels(() => tf.variableGrads(loss));
    expectClose(got.value, want.value, 100, Math.max(1, Math.abs(want.value.dataSync()[0])));
    expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
    for (const name of Object.keys(want.grads)) {
      const w = want.grads[name];
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
