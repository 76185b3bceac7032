// The fused SGD step and the fused moving-average update equal the
// compositions of tfjs ops they replace, bit for bit, and Sgd
// (src/optim/sgd.ts) keeps PyTorch's semantics across steps.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../src/index.js';
import { SGD_MOMENTUM_UPDATE } from '../src/kernels/SgdMomentumUpdate.js';
import { MOVING_AVERAGE } from '../src/kernels/MovingAverage.js';
import { Sgd } from '../src/optim/sgd.js';
import { native } from '../src/native/index.js';
import { randomMatrix } from './helpers.js';

// The previous implementation: d = g + wd w; buf = first ? d : m buf + d; w -= lr buf.
function composed(w: Tensor, g: Tensor, buf: Tensor | null, lr: number, m: number, wd: number): [Tensor, Tensor] {
  return tf.tidy(() => {
    const d = wd > 0 ? tf.add(g, tf.mul(wd, w)) : g;
    const b = buf ? tf.add(tf.mul(m, buf), d) : d;
    return [tf.sub(w, tf.mul(lr, b)), tf.clone(b)];
  });
}

describe('SgdMomentumUpdate', () => {
  it.each([[true, 5e-4], [false, 5e-4], [false, 0], [true, 0]] as Array<[boolean, number]>)('equals the tfjs composition bit for bit (first step %s, weight decay %s)', (first, wd) => {
    const w = tf.tensor(randomMatrix(37, 29, 1)), g = tf.tensor(randomMatrix(37, 29, 2)), buf = tf.tensor(randomMatrix(37, 29, 3));
    const inputs: Record<string, Tensor> = first ? { w, g } : { w, g, buf };
    const [w1, b1] = tf.engine().runKernel(SGD_MOMENTUM_UPDATE, inputs, { lr: 0.0371, momentum: 0.9, weightDecay: wd }) as Tensor[];
    const [w2, b2] = composed(w, g, first ? null : buf, 0.0371, 0.9, wd);
    expect(w1.dataSync()).toEqual(w2.dataSync());
    expect(b1.dataSync()).toEqual(b2.dataSync());
    tf.dispose([w, g, buf, w1, b1, w2, b2]);
  });

  it('Sgd over three steps equals the composition and leaks nothing', () => {
    const v = tf.variable(tf.tensor(randomMatrix(5, 7, 4)), true, 'sgd_test_w');
    const ref = tf.variable(v.clone(), false);
    const sgd = new Sgd([{ name: 'w', variable: v, group: 'encoder' }], 0.9, 1e-3);
    let refBuf: Tensor | null = null;
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const g = tf.tensor(randomMatrix(5, 7, 10 + step));
      sgd.step({ [v.name]: g }, { encoder: 0.05, predictor: 0 });
      const [w2, b2] = composed(ref, g, refBuf, 0.05, 0.9, 1e-3);
      ref.assign(w2);
      refBuf?.dispose();
      refBuf = b2;
      tf.dispose([g, w2]);
      expect(v.dataSync()).toEqual(ref.dataSync());
      expect(sgd.buffers.get('w')!.dataSync()).toEqual(refBuf.dataSync());
      if (step > 0) expect(tf.memory().numTensors).toBe(before + 2);  // the momentum buffer and refBuf
    }
    sgd.dispose();
    tf.dispose([v, ref, refBuf!]);
  });

  it('rejects a short or mistyped argument instead of crashing', () => {
    const a = new Float32Array(4);
    expect(() => native.sgdMomentumUpdate(a, new Float32Array(3), null, 0.1, 0.9, 0, a, a)).toThrow('native: g is too short');
    expect(() => native.sgdMomentumUpdate(a, a, null, 0.1, 0.9, 0, a, new Int32Array(4) as never)).toThrow('native: expected a typed array for bufOut');
  });
});

describe('MovingAverage', () => {
  it.each([0.1, 0.01, 0.37])('equals current - (current - value) * decay composed of tfjs ops, bit for bit (decay %s)', (decay) => {
    const current = tf.tensor(randomMatrix(1, 515, 5)), value = tf.tensor(randomMatrix(1, 515, 6));
    const fused = tf.engine().runKernel(MOVING_AVERAGE, { current, value }, { decay }) as Tensor;
    const composed = tf.sub(current, tf.mul(tf.sub(current, value), decay));
    expect(fused.dataSync()).toEqual(composed.dataSync());
    tf.dispose([current, value, fused, composed]);
  });

  it('rejects a short value array', () => {
    expect(() => native.movingAverage(new Float32Array(4), new Float32Array(2), 0.1, new Float32Array(4))).toThrow('native: value is too short');
  });
});
