// Mean's gradient (src/kernels/gradients/Mean_grad.ts): the values of tfjs-core's, with
// no host-made array of x's size.
import { describe, expect, it, vi } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../src/index.js';
import { randomMatrix } from './helpers.js';

// tfjs-core's formula: dy reshaped, times ones(x.shape), over the reduced size.
function stock(x: Tensor, dy: Tensor, axes: number[]): Tensor {
  const expanded = x.shape.slice();
  let n = 1;
  for (const a of axes) { n *= x.shape[a]; expanded[a] = 1; }
  return tf.div(tf.mul(tf.reshape(dy, expanded), tf.ones(x.shape)), n);
}

describe('Mean gradient', () => {
  it.each([
    [[2, 3, 4, 5], [1, 2], false], [[2, 3, 4, 5], [-1], true], [[7, 3], [0, 1], false], [[6, 9], [0], false], [[5], [0], true],
  ] as Array<[number[], number[], boolean]>)('x %j, axes %j, keepDims %s: equals tfjs-core\'s bit for bit', (shape, axis, keepDims) => {
    const x = tf.tensor(randomMatrix(1, shape.reduce((a, b) => a * b, 1), 7), shape);
    const out = tf.mean(x, axis, keepDims);
    const dy = tf.tensor(randomMatrix(1, out.size, 8), out.shape);
    const g = tf.grad((t: Tensor) => tf.mean(t, axis, keepDims))(x, dy);
    const axes = axis.map((a) => (a < 0 ? a + shape.length : a));
    expect(g.shape).toEqual(shape);
    expect(g.dataSync()).toEqual(stock(x, dy, axes).dataSync());
    tf.dispose([x, out, dy, g]);
  });

  it('makes no tensor of x\'s size on the host', () => {
    const x = tf.ones([4, 8, 8, 16]);
    const engine = tf.engine();
    const spy = vi.spyOn(engine, 'makeTensor');
    const g = tf.grad((t: Tensor) => tf.mean(t, [1, 2]))(x);
    const sizes = spy.mock.calls.map((c) => (c[1] as number[]).reduce((a, b) => a * b, 1));
    spy.mockRestore();
    expect(sizes.filter((s) => s >= x.size)).toEqual([]);
    tf.dispose([x, g]);
  });
});
