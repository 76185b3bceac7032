// Native binary element-wise kernels vs tfjs-backend-cpu's JS kernels: the
// same float32 values bit for bit (NaN, -0 and infinities included), for
// every broadcasting pattern.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectSameValues, randomWithSpecials, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

const OPS = ['Add', 'Sub', 'Multiply', 'RealDiv', 'SquaredDifference', 'Maximum', 'Minimum'];

const SHAPES: Array<[string, number[], number[]]> = [
  ['same shape', [2, 3, 5], [2, 3, 5]],
  ['scalar b', [5, 7], []],
  ['scalar a', [], [5, 7]],
  ['scalars', [], []],
  ['per-channel [C]', [3, 4, 5, 8], [8]],
  ['per-channel [1, 1, 1, C]', [3, 4, 5, 8], [1, 1, 1, 8]],
  ['per-channel, a broadcast', [1, 1, 1, 16], [2, 3, 3, 16]],
  ['per-channel, odd C', [3, 7, 5, 3], [3]],
  ['per-channel, C above the repeat period', [6, 300], [300]],
  ['column [M, 1]', [6, 7], [6, 1]],
  ['column, a broadcast', [6, 1], [6, 7]],
  ['middle axes', [2, 3, 4, 5], [3, 1, 1]],
  ['per-sample-and-channel [N, 1, 1, C]', [2, 3, 4, 5], [2, 1, 1, 5]],
  ['both broadcast (outer product)', [4, 1], [1, 5]],
  ['both broadcast, alternating', [2, 1, 4, 1], [1, 3, 1, 5]],
  ['rank mismatch', [6, 1, 5], [4, 5]],
  ['size-1 dims only', [1, 1, 1], [1]],
  ['size-1 dims kept', [3, 1, 2], [3, 1, 2]],
  ['rank 6', [2, 1, 3, 1, 2, 3], [1, 2, 1, 2, 2, 1]],
  ['large, threaded', [64, 33, 17], [64, 33, 17]],
  ['large per-channel, threaded', [32, 28, 28, 8], [8]],
  ['large column, threaded', [3000, 70], [3000, 1]],
];

describe('binary kernels (native) vs tfjs-backend-cpu', () => {
  it.each(OPS.flatMap((op) => SHAPES.map(([name, a, b]) => [op, name, a, b] as const)))('%s, %s', (op, _, aShape, bShape) => {
    const spy = vi.spyOn(native, 'binary');
    const a = randomWithSpecials(aShape, 11), b = randomWithSpecials(bShape, 12, 7);
    const got = run(op, { a, b }, {});
    expect(spy).toHaveBeenCalledTimes(1);
    expectSameValues(got, runStock(op, { a, b }, {}));
  });

  it('Maximum/Minimum: NaN wins and +0 > -0 in either order, as Math.max/min', () => {
    const a = tf.tensor1d([NaN, 1, 0, -0, 0, -0, 2]), b = tf.tensor1d([1, NaN, -0, 0, 0, -0, -Infinity]);
    for (const op of ['Maximum', 'Minimum']) expectSameValues(run(op, { a, b }, {}), runStock(op, { a, b }, {}));
    expect(Object.is(run('Maximum', { a, b }, {}).dataSync()[2], 0)).toBe(true);
    expect(Object.is(run('Minimum', { a, b }, {}).dataSync()[3], -0)).toBe(true);
  });

  it.each([['int32', 'int32'], ['bool', 'bool']] as const)('falls back to the stock kernel for %s', (dtype) => {
    const spy = vi.spyOn(native, 'binary');
    const a = tf.tensor([[1, 0, 3], [4, 5, 0]], [2, 3], dtype), b = tf.tensor([2, 1, 0], [3], dtype);
    for (const op of ['Add', 'Multiply', 'Maximum']) {
      const got = run(op, { a, b }, {}), want = runStock(op, { a, b }, {});
      expect(got.dtype).toBe(want.dtype);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('falls back to the stock kernel for complex64', () => {
    const spy = vi.spyOn(native, 'binary');
    const a = tf.complex([1, 2], [3, 4]), b = tf.complex([5, 6], [7, 8]);
    expect(Array.from(run('Multiply', { a, b }, {}).dataSync())).toEqual(Array.from(runStock('Multiply', { a, b }, {}).dataSync()));
    expect(spy).not.toHaveBeenCalled();
  });

  it('leaves shapes that do not broadcast, and empty tensors, to the stock kernel', () => {
    const spy = vi.spyOn(native, 'binary');
    expect(() => run('Add', { a: tf.zeros([2, 3]), b: tf.zeros([4]) }, {})).toThrow(/could not be broadcast/);
    const empty = run('Add', { a: tf.zeros([2, 0]), b: tf.zeros([1]) }, {});
    expect(empty.shape).toEqual([2, 0]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('is what tf.add/sub/mul/div run, and leaks no tensor or backend data', () => {
    const a = randomWithSpecials([4, 5, 8], 13), b = randomWithSpecials([8], 14);
    const backend = tf.engine().backend;
    const ops = () => tf.tidy(() => tf.div(tf.sub(tf.mul(tf.add(a, b), b), 1), a));
    ops().dispose();
    const tensors = tf.memory().numTensors, data = backend.numDataIds();
    const spy = vi.spyOn(native, 'binary');
    for (let i = 0; i < 3; i++) ops().dispose();
    expect(spy).toHaveBeenCalledTimes(12);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
  });
});

describe('native.binary argument checks', () => {
  const a = new Float32Array(6), b = new Float32Array(3), y = new Float32Array(6);
  it('rejects shapes that do not broadcast, short arrays, bad ranks and op codes', () => {
    expect(() => native.binary(0, a, b, y, Int32Array.of(2, 2, 3, 2, 3, 1, 2))).toThrow(/do not broadcast/);
    expect(() => native.binary(0, a, b, new Float32Array(5), Int32Array.of(2, 2, 3, 2, 3, 1, 3))).toThrow(/too short/);
    expect(() => native.binary(0, a, b, y, Int32Array.of(9))).toThrow(/rank/);
    expect(() => native.binary(0, a, b, y, Int32Array.of(2, 2, 3))).toThrow(/too short/);
    expect(() => native.binary(99, a, b, y, Int32Array.of(2, 2, 3, 2, 3, 1, 3))).toThrow(/op out of range/);
    expect(() => native.binary(0, a, new Int32Array(3) as never, y, Int32Array.of(2, 2, 3, 2, 3, 1, 3))).toThrow(/typed array/);
  });
});
