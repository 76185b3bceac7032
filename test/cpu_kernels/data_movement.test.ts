// Native Tile, Slice and PadV2 vs tfjs-backend-cpu's JS kernels: the same
// values (copies), for edge cases of shapes and parameters.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectSameValues, randomWithSpecials, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

function check(kernel: string, fn: 'tile' | 'slice' | 'padV2', x: tf.Tensor, attrs: Record<string, unknown>, calls = 1) {
  const spy = vi.spyOn(native, fn);
  const got = run(kernel, { x }, attrs);
  expect(spy).toHaveBeenCalledTimes(calls);
  spy.mockRestore();
  expectSameValues(got, runStock(kernel, { x }, attrs));
}

describe('Tile (native) vs tfjs-backend-cpu', () => {
  const CASES: Array<[string, number[], number[]]> = [
    ['per-channel to NHWC (a batch-norm gradient)', [1, 1, 1, 8], [4, 5, 6, 1]],
    ['2-D both ways', [2, 3], [3, 2]],
    ['1-D', [3], [4]],
    ['a scalar', [], []],
    ['middle axis', [2, 1, 3], [1, 5, 1]],
    ['alternating', [1, 2, 1, 3], [2, 1, 3, 2]],
    ['reps all 1 (a copy)', [3, 4, 5], [1, 1, 1]],
    ['last axis repeated', [5, 1], [1, 3000]],
    ['size-1 dims kept', [1, 3, 1], [1, 1, 1]],
    ['large, threaded repeats', [1, 1, 1, 16], [64, 14, 14, 1]],
    ['large, threaded sub-tiles', [300, 2, 7], [1, 40, 3]],
  ];
  it.each(CASES)('%s: %j reps %j', (_, shape, reps) => check('Tile', 'tile', randomWithSpecials(shape, 31), { reps }));

  it('falls back to the stock kernel for int32, and for reps of 0', () => {
    check('Tile', 'tile', tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), { reps: [2, 3] }, 0);
    check('Tile', 'tile', randomWithSpecials([2, 3], 32), { reps: [0, 2] }, 0);
  });
});

describe('Slice (native) vs tfjs-backend-cpu', () => {
  const CASES: Array<[string, number[], number[], number[]]> = [
    ['crop of NHWC (a pad gradient)', [4, 6, 6, 3], [0, 1, 1, 0], [4, 4, 4, 3]],
    ['last axis', [3, 4, 5], [0, 0, 1], [3, 4, 3]],
    ['middle and last', [3, 4, 5], [1, 0, 2], [2, 4, 3]],
    ['size -1', [3, 4, 5], [1, 2, 3], [-1, -1, -1]],
    ['a column', [3, 4, 5], [0, 1, 2], [3, 2, 1]],
    ['rank 6', [2, 3, 2, 3, 2, 3], [1, 1, 0, 1, 0, 1], [1, 2, 2, 1, 2, 2]],
    ['large, threaded', [64, 30, 30, 8], [0, 1, 1, 0], [64, 28, 28, 8]],
  ];
  it.each(CASES)('%s: %j from %j size %j', (_, shape, begin, size) =>
    check('Slice', 'slice', randomWithSpecials(shape, 33), { begin, size }));

  it('leaves contiguous slices (a view, no copy) to the stock kernel', () => {
    check('Slice', 'slice', randomWithSpecials([6, 4, 5], 34), { begin: [1, 0, 0], size: [3, 4, 5] }, 0);
    check('Slice', 'slice', randomWithSpecials([10], 35), { begin: [2], size: [5] }, 0);
    check('Slice', 'slice', randomWithSpecials([4, 5], 36), { begin: [2, 1], size: [1, 3] }, 0);
  });

  it('falls back to the stock kernel for int32 and reports bad parameters as it does', () => {
    check('Slice', 'slice', tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'), { begin: [0, 1], size: [2, 2] }, 0);
    const x = randomWithSpecials([3, 4], 37);
    expect(() => run('Slice', { x }, { begin: [2, 2], size: [2, 2] })).toThrow(/begin\[0\] \+ size\[0\]/);
  });
});

describe('PadV2 (native) vs tfjs-backend-cpu', () => {
  const CASES: Array<[string, number[], Array<[number, number]>, number]> = [
    ['spatial, symmetric (before a stride-2 conv)', [2, 3, 4, 3], [[0, 0], [1, 1], [1, 1], [0, 0]], 0],
    ['every axis, asymmetric, constant 1.5', [2, 3, 4, 3], [[1, 2], [0, 3], [2, 0], [1, 1]], 1.5],
    ['last axis only', [3, 5], [[0, 0], [2, 1]], -2],
    ['1-D', [5], [[3, 4]], NaN],
    ['no padding', [2, 3], [[0, 0], [0, 0]], 7],
    ['a scalar', [], [], 3],
    ['large, threaded', [64, 28, 28, 8], [[0, 0], [1, 1], [1, 1], [0, 0]], 0],
  ];
  it.each(CASES)('%s: %j by %j', (_, shape, paddings, constantValue) =>
    check('PadV2', 'padV2', randomWithSpecials(shape, 38), { paddings, constantValue }));

  it('falls back to the stock kernel for int32', () => {
    check('PadV2', 'padV2', tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), { paddings: [[1, 0], [0, 2]], constantValue: 5 }, 0);
  });
});

describe('Tile, Slice, PadV2 leaks and argument checks', () => {
  it('tf.tile, tf.slice and tf.pad run them and leak no tensor or backend data', () => {
    const x = randomWithSpecials([4, 5, 6, 8], 39);
    const backend = tf.engine().backend;
    const ops = () => tf.tidy(() => tf.add(tf.slice(tf.pad(tf.tile(x, [1, 2, 1, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]), [0, 1, 1, 0], [4, 10, 6, 8]), 1));
    ops().dispose();
    const tensors = tf.memory().numTensors, data = backend.numDataIds();
    const spies = (['tile', 'slice', 'padV2'] as const).map((f) => vi.spyOn(native, f));
    for (let i = 0; i < 3; i++) ops().dispose();
    for (const s of spies) expect(s).toHaveBeenCalledTimes(3);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
  });

  it('the native functions reject out-of-bounds and oversized shapes', () => {
    const x = new Float32Array(6), y = new Float32Array(64);
    expect(() => native.slice(x, y, Int32Array.of(2, 2, 3, 1, 1, 1, 3))).toThrow(/out of bounds/);
    expect(() => native.slice(x, y, Int32Array.of(2, 2, 3, 0, -1, 1, 1))).toThrow(/negative/);
    expect(() => native.tile(x, y.subarray(0, 23), Int32Array.of(2, 2, 3, 2, 2))).toThrow(/too short/);
    expect(() => native.tile(x, y, Int32Array.of(2, 2, 3, 2 ** 31 - 1, 2 ** 31 - 1))).toThrow(/too large/);
    expect(() => native.padV2(x, y, Int32Array.of(2, 2, 3, 0, 0, 30, 0), 0)).toThrow(/too short/);
    expect(() => native.padV2(x, y, Int32Array.of(1, 6, -1, 0), 0)).toThrow(/negative/);
  });
});

describe('native.padV2 on an empty input', () => {
  it('fills the output with the constant', () => {
    const y = new Float32Array(8);
    native.padV2(new Float32Array(0), y, Int32Array.of(2, 2, 0, 0, 1, 0, 3), 4);
    expect(Array.from(y)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
  });
});
