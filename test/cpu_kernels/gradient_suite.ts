// Shared training-path checks: a tfjs-layers net's loss and gradients with the
// native kernels (which must be called) equal those with tfjs-backend-cpu's,
// and training steps leak no tensor or backend data.
import { describe, expect, it, vi } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectClose, random, withStockKernels } from './compare.js';

export function gradientSuite(title: string, o: {
  net: () => tfl.LayersModel; inputShape: number[]; outputs: number; seed: number; training: boolean;
  nativeFunctions: ReadonlyArray<keyof typeof native>;
}): void {
  describe(title, () => {
    tf.setBackend('cpu');
    const net = o.net();
    const x = random(o.inputShape, o.seed), target = random([o.inputShape[0], o.outputs], o.seed + 1);
    const loss = () => tf.losses.meanSquaredError(target, net.apply(x, { training: o.training }) as tf.Tensor) as tf.Scalar;

    it('match those of the stock kernels', () => {
      const spies = o.nativeFunctions.map((f) => vi.spyOn(native, f as never));
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
}
