// Native BatchMatMul / _FusedMatMul vs tfjs-backend-cpu's JS kernels (and vs
// a float64 reference where the JS kernel's batch broadcasting is wrong).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectClose, random, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

// [a shape, b shape] with transposeA = transposeB = false; the transposed
// variants swap the last two dimensions of the operand.
const SHAPES: Array<[string, number[], number[]]> = [
  ['1x1 by 1x1', [1, 1], [1, 1]],
  ['odd 2-D', [3, 5], [5, 7]],
  ['batch 2, odd', [2, 13, 33], [2, 33, 17]],
  ['b rank 2 broadcast over a batch', [4, 6, 7], [7, 5]],
  ['a rank 2 broadcast over b batch', [6, 7], [3, 7, 5]],
  ['batch [2, 3] with b batch [3]', [2, 3, 4, 5], [3, 5, 6]],
  ['a batch 1 broadcast', [1, 9, 4], [5, 4, 3]],
  ['several depth and column blocks', [1, 70, 300], [1, 300, 90]],
  ['many small matrices', [64, 8, 8], [64, 8, 8]],
  ['small output, long depth (split depth)', [20, 3000], [3000, 20]],
];

const swapLast = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
const TRANSPOSES: Array<[boolean, boolean]> = [[false, false], [true, false], [false, true], [true, true]];

function operands(a: number[], b: number[], tA: boolean, tB: boolean, seed: number) {
  return { a: random(tA ? swapLast(a) : a, seed), b: random(tB ? swapLast(b) : b, seed + 1) };
}

describe('BatchMatMul (native) vs tfjs-backend-cpu', () => {
  it.each(SHAPES.flatMap(([name, a, b]) => TRANSPOSES.map(([tA, tB]) => [name, tA, tB, a, b] as const)))(
    '%s, transposeA %s, transposeB %s', (_, tA, tB, aShape, bShape) => {
      const spy = vi.spyOn(native, 'batchMatMul');
      const { a, b } = operands(aShape, bShape, tA, tB, 31);
      const attrs = { transposeA: tA, transposeB: tB };
      const got = run('BatchMatMul', { a, b }, attrs);
      expect(spy).toHaveBeenCalledTimes(1);
      expectClose(got, runStock('BatchMatMul', { a, b }, attrs), aShape[aShape.length - 1], 1);
    });

  it('broadcasts batch dims [2, 1] x [1, 3] (where the JS kernel mixes up batches) like a float64 reference', () => {
    const M = 3, K = 4, N = 2;
    const a = random([2, 1, M, K], 33), b = random([1, 3, K, N], 34);
    const got = run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    expect(got.shape).toEqual([2, 3, M, N]);
    const av = a.dataSync(), bv = b.dataSync(), want = new Float32Array(2 * 3 * M * N);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let m = 0; m < M; m++)
          for (let n = 0; n < N; n++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += av[(i * M + m) * K + k] * bv[(j * K + k) * N + n];
            want[((i * 3 + j) * M + m) * N + n] = s;
          }
    expectClose(got, tf.tensor(want, [2, 3, M, N]), K, 1);
  });

  it('falls back to the stock kernel for int32 operands', () => {
    const spy = vi.spyOn(native, 'batchMatMul');
    const a = tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), b = tf.tensor2d([[5], [6]], [2, 1], 'int32');
    expect([...run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }).dataSync()]).toEqual([17, 39]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('is what tf.matMul runs, and leaks no tensor or backend data', () => {
    const a = random([5, 6], 35), b = random([6, 7], 36);
    const backend = tf.engine().backend;
    tf.matMul(a, b).dispose();
    const tensors = tf.memory().numTensors, data = backend.numDataIds();
    for (let i = 0; i < 3; i++) tf.matMul(b, a, true, true).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
  });
});

describe('_FusedMatMul (native) vs tfjs-backend-cpu', () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];
  const N = 37, K = 45;
  it.each(activations.flatMap((act) => TRANSPOSES.map(([tA, tB]) => [act, tA, tB] as const)))(
    'activation %s, transposeA %s, transposeB %s', (activation, tA, tB) => {
      const spy = vi.spyOn(native, 'batchMatMul');
      const { a, b } = operands([2, 19, K], [2, K, N], tA, tB, 41);
      const bias = random([N], 43);
      const prelu = activation === 'prelu' ? random([N], 44) : undefined;
      const attrs = { transposeA: tA, transposeB: tB, activation, leakyreluAlpha: 0.3 };
      const got = run('_FusedMatMul', { a, b, bias, preluActivationWeights: prelu }, attrs);
      expect(spy).toHaveBeenCalledTimes(1);
      expectClose(got, runStock('_FusedMatMul', { a, b, bias, preluActivationWeights: prelu }, attrs), K + 1, 1);
    });

  it.each([['[1]', [1]], ['scalar', []], ['[1, N]', [1, N]], ['none', null]] as const)('bias %s', (_, shape) => {
    const { a, b } = operands([1, 10, K], [1, K, N], false, false, 45);
    const bias = shape ? random([...shape], 46) : undefined;
    const attrs = { transposeA: false, transposeB: false, activation: 'relu' };
    expectClose(run('_FusedMatMul', { a, b, bias }, attrs), runStock('_FusedMatMul', { a, b, bias }, attrs), K + 1, 1);
  });

  it('falls back to the stock kernel for a bias that varies over rows', () => {
    const spy = vi.spyOn(native, 'batchMatMul');
    const { a, b } = operands([1, 10, K], [1, K, N], false, false, 47);
    const bias = random([10, 1], 48);
    const attrs = { transposeA: false, transposeB: false, activation: 'linear' };
    const got = run('_FusedMatMul', { a, b, bias }, attrs);
    expect(spy).not.toHaveBeenCalled();
    expect(got.dataSync()).toEqual(runStock('_FusedMatMul', { a, b, bias }, attrs).dataSync());
  });
});
