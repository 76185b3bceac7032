// Native unary kernels and FusedBatchNorm vs tfjs-backend-cpu's JS kernels:
// the same float32 values bit for bit.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectSameValues, random, randomWithSpecials, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

const OPS: Array<[string, Record<string, unknown>]> = [
  ['Relu', {}], ['Step', { alpha: 0 }], ['Step', { alpha: 0.2 }], ['Sqrt', {}], ['Rsqrt', {}], ['Square', {}],
  ['Neg', {}], ['Abs', {}],
];

describe('unary kernels (native) vs tfjs-backend-cpu', () => {
  it.each(OPS.flatMap(([op, attrs]) => [[2, 3], [], [5, 7, 9], [64, 28, 28, 8]].map((shape) => [op, JSON.stringify(attrs), shape, attrs] as const)))(
    '%s %s on %j (with NaN, +-0, +-Inf)', (op, _, shape, attrs) => {
      const spy = vi.spyOn(native, 'unary');
      const x = randomWithSpecials(shape, 41, 3);
      const got = run(op, { x }, attrs);
      expect(spy).toHaveBeenCalledTimes(1);
      expectSameValues(got, runStock(op, { x }, attrs));
    });

  it.each(['Relu', 'Neg', 'Abs', 'Square'])('%s falls back to the stock kernel for int32', (op) => {
    const spy = vi.spyOn(native, 'unary');
    const x = tf.tensor1d([-3, 0, 2, 7], 'int32');
    const got = run(op, { x }, {}), want = runStock(op, { x }, {});
    expect(got.dtype).toBe(want.dtype);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(spy).not.toHaveBeenCalled();
  });

  it('rejects a short output and bad op codes', () => {
    expect(() => native.unary(0, new Float32Array(4), new Float32Array(3), 0)).toThrow(/too short/);
    expect(() => native.unary(99, new Float32Array(4), new Float32Array(4), 0)).toThrow(/op out of range/);
  });
});

describe('FusedBatchNorm (native) vs tfjs-backend-cpu', () => {
  const x = randomWithSpecials([4, 5, 6, 8], 42, 11);
  const C = 8;
  const variance = tf.abs(random([C], 43));
  const CASES: Array<[string, Record<string, tf.Tensor | undefined>, number | undefined]> = [
    ['per-channel mean, variance, offset, scale', { mean: random([C], 44), variance, offset: random([C], 45), scale: random([C], 46) }, 1e-3],
    ['no offset, no scale, default epsilon', { mean: random([C], 44), variance }, undefined],
    ['[1, 1, 1, C] parameters, scalar-sized scale', { mean: random([1, 1, 1, C], 47), variance: tf.reshape(variance, [1, 1, 1, C]), offset: random([1, 1, 1, C], 48), scale: tf.fill([1, 1, 1, 1], 1.5) }, 1e-5],
  ];
  it.each(CASES)('%s', (_, params, varianceEpsilon) => {
    const spy = vi.spyOn(native, 'fusedBatchNorm');
    const got = run('FusedBatchNorm', { x, ...params }, { varianceEpsilon });
    expect(spy).toHaveBeenCalledTimes(1);
    expectSameValues(got, runStock('FusedBatchNorm', { x, ...params }, { varianceEpsilon }));
  });

  it('leaves parameters that cycle out of step with each other to the stock kernel', () => {
    const spy = vi.spyOn(native, 'fusedBatchNorm');
    const params = { mean: random([8], 49), variance: tf.abs(random([4], 50)) };
    expectSameValues(run('FusedBatchNorm', { x, ...params }, { varianceEpsilon: 1e-3 }),
      runStock('FusedBatchNorm', { x, ...params }, { varianceEpsilon: 1e-3 }));
    expect(spy).not.toHaveBeenCalled();
  });

  it('rejects parameters of the wrong length', () => {
    const y = new Float32Array(12);
    expect(() => native.fusedBatchNorm(new Float32Array(12), new Float32Array(4), new Float32Array(3), null, null, 1e-3, y))
      .toThrow(/1 or L values/);
    expect(() => native.fusedBatchNorm(new Float32Array(12), new Float32Array(5), new Float32Array(1), null, null, 1e-3, y))
      .toThrow(/multiple of L/);
  });
});
