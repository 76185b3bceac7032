// Native Sum, Mean, Max, Min vs tfjs-backend-cpu's JS kernels over every set
// of axes. Max/Min must return the very same values (-0 vs +0 and NaN
// included); Sum/Mean accumulate in double in another order (the stock Mean
// also rounds x / n per element first), so they may differ by float32
// rounding: 2e-7 * max|x| per summed element.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { addonPath, native } from '../../src/native/index.js';
import { expectClose, expectSameValues, maxAbs, random, randomWithSpecials, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

const SHAPE = [2, 3, 4, 5];
const subsets = (rank: number) =>
  Array.from({ length: 1 << rank }, (_, m) => Array.from({ length: rank }, (_, d) => d).filter((d) => m & (1 << d)));

function attrs(op: string, axis: number[] | number | null, keepDims: boolean) {
  return op === 'Max' ? { reductionIndices: axis, keepDims } : { axis, keepDims };
}

function check(op: string, x: tf.Tensor, axis: number[] | number | null, keepDims: boolean) {
  const spy = vi.spyOn(native, 'reduce');
  const got = run(op, { x }, attrs(op, axis, keepDims)), want = runStock(op, { x }, attrs(op, axis, keepDims));
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
  if (op === 'Max' || op === 'Min') return expectSameValues(got, want);
  const axes = axis === null ? x.shape.map((_, d) => d) : [axis].flat().map((a) => (a < 0 ? a + x.rank : a));
  const count = axes.reduce((n, d) => n * x.shape[d], 1);
  expectClose(got, want, op === 'Sum' ? count : 1, 0.2 * maxAbs(x));
}

describe('reductions (native) vs tfjs-backend-cpu', () => {
  const x = random(SHAPE, 21);
  it.each(['Sum', 'Mean', 'Max', 'Min'].flatMap((op) => subsets(4).flatMap((axes) =>
    [false, true].map((keepDims) => [op, JSON.stringify(axes), keepDims, axes] as const))))(
    '%s over %s, keepDims %s', (op, _, keepDims, axes) => check(op, x, axes, keepDims));

  const CASES: Array<[string, number[], number[] | number | null]> = [
    ['all axes (null)', [7, 9], null],
    ['negative axes', [3, 4, 5], [-3, -1]],
    ['a single number', [3, 4, 5], -2],
    ['a scalar', [], null],
    ['size-1 dims', [1, 4, 1, 3], [0, 2]],
    ['per-channel of NHWC, chunked', [32, 28, 28, 8], [0, 1, 2]],
    ['per-channel of NHWC, odd C', [9, 11, 13, 3], [0, 1, 2]],
    ['global average pool [1, 2]', [16, 7, 7, 32], [1, 2]],
    ['wide rows over few outer rows', [3, 50, 5000], [1]],
    ['last axis, long rows', [5, 100003], [1]],
    ['all of a large array', [1000, 333], [0, 1]],
    ['outer and middle axes', [40, 30, 20, 10], [0, 2]],
    ['rank 7', [2, 3, 1, 2, 3, 2, 2], [0, 3, 5, 6]],
  ];
  it.each(['Sum', 'Mean', 'Max', 'Min'].flatMap((op) => CASES.map(([name, shape, axis]) => [op, name, shape, axis] as const)))(
    '%s, %s', (op, _, shape, axis) => check(op, random(shape, 22), axis, false));

  it.each(['Max', 'Min'])('%s returns what the JS kernel returns for NaN, +-0 and infinities', (op) => {
    const x = randomWithSpecials([6, 5, 7], 23, 3);
    for (const axes of subsets(3)) for (const keepDims of [false, true]) check(op, x, axes, keepDims);
    const zeros = tf.tensor2d([[0, -0, 0], [-0, 0, -0], [-1, -0, 0]]);  // ties between +0 and -0: the first wins
    for (const axis of [0, 1]) check(op, zeros, axis, false);
  });

  it('Max/Min with axes out of order, and repeated axes anywhere, run the stock kernel', () => {
    const spy = vi.spyOn(native, 'reduce');
    const x = randomWithSpecials([3, 4, 5], 24, 3);
    expectSameValues(run('Max', { x }, attrs('Max', [2, 0], false)), runStock('Max', { x }, attrs('Max', [2, 0], false)));
    expect(spy).not.toHaveBeenCalled();
    expectClose(run('Sum', { x: random([3, 4, 5], 25) }, { axis: [2, 0] }), runStock('Sum', { x: random([3, 4, 5], 25) }, { axis: [2, 0] }), 15, 0.2);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('falls back to the stock kernel for int32 and bool, and for bad axes', () => {
    const spy = vi.spyOn(native, 'reduce');
    for (const dtype of ['int32', 'bool'] as const) {
      const x = tf.tensor([[1, 0, 3], [4, 5, 0]], [2, 3], dtype);
      for (const op of ['Sum', 'Mean', 'Max', 'Min']) {
        const got = run(op, { x }, attrs(op, [0], false)), want = runStock(op, { x }, attrs(op, [0], false));
        expect(got.dtype).toBe(want.dtype);
        expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      }
    }
    expect(() => run('Sum', { x: tf.zeros([2, 3]) }, { axis: [2] })).toThrow(/axis/);
    expect(spy).not.toHaveBeenCalled();
  });

  it('is what tf.sum/mean/max/min and tf.moments run, and leaks no tensor or backend data', () => {
    const x = random([4, 5, 6, 8], 26);
    const backend = tf.engine().backend;
    const ops = () => tf.tidy(() => tf.stack([tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2]), tf.max(x, [0, 1, 2]),
      tf.min(x, [0, 1, 2]), tf.moments(x, [0, 1, 2]).variance]));
    ops().dispose();
    const tensors = tf.memory().numTensors, data = backend.numDataIds();
    const spy = vi.spyOn(native, 'reduce');
    for (let i = 0; i < 3; i++) ops().dispose();
    expect(spy).toHaveBeenCalledTimes(18);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
  });
});

describe('native.reduce', () => {
  it('is accurate on long sums (double accumulation)', () => {
    // 2^24 + 1 ones: a float32 running sum stops at 2^24.
    const n = 2 ** 24 + 1, x = new Float32Array(n).fill(1), y = new Float32Array(1);
    native.reduce(0, x, y, Int32Array.of(1, n, 1));
    expect(y[0]).toBe(Math.fround(n));
    // Per-channel means of a large offset: exact to float32 rounding.
    const m = 3_000_000, v = new Float32Array(m * 2);
    for (let i = 0; i < m; i++) { v[2 * i] = 1000.1; v[2 * i + 1] = i % 2 ? 1 : -1; }
    const mean = new Float32Array(2);
    native.reduce(1, v, mean, Int32Array.of(2, m, 2, 1, 0));
    expect(Array.from(mean)).toEqual([Math.fround(1000.1), 0]);
  });

  it('gives the same bits for any thread count', () => {
    // The same sums in child processes with 1 and 3 threads (the chunking is
    // fixed by the shape, the combine order too).
    const script = `
      const b = require(${JSON.stringify(addonPath)});
      let s = 7; const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
      const cases = [[1, 1 << 20, 1], [2, 100000, 16, 1, 0], [4, 64, 28, 28, 8, 1, 1, 1, 0], [3, 3, 50, 5000, 0, 1, 0]];
      const out = [];
      for (const c of cases) {
        const rank = c[0], n = c.slice(1, 1 + rank).reduce((a, d) => a * d, 1);
        const x = Float32Array.from({ length: n }, r);
        const kept = c.slice(1, 1 + rank).filter((d, i) => !c[1 + rank + i]).reduce((a, d) => a * d, 1);
        for (const op of [0, 1]) { const y = new Float32Array(kept); b.reduce(op, x, y, Int32Array.from(c)); out.push(...new Uint32Array(y.buffer)); }
      }
      process.stdout.write(JSON.stringify(out));`;
    const runWith = (threads: string) => execFileSync(process.execPath, ['-e', script],
      { env: { ...process.env, SIMSIAM_NUM_THREADS: threads }, encoding: 'utf8' });
    expect(runWith('1')).toBe(runWith('3'));
  });

  it('rejects bad shapes and short arrays', () => {
    const x = new Float32Array(6), y = new Float32Array(2);
    expect(() => native.reduce(0, x, y, Int32Array.of(2, 2, 3, 0, 1))).not.toThrow();
    expect(() => native.reduce(0, x, new Float32Array(1), Int32Array.of(2, 2, 3, 0, 1))).toThrow(/too short/);
    expect(() => native.reduce(0, new Float32Array(5), y, Int32Array.of(2, 2, 3, 0, 1))).toThrow(/too short/);
    expect(() => native.reduce(0, x, y, Int32Array.of(2, 2, -3, 0, 1))).toThrow(/negative/);
    expect(() => native.reduce(0, x, y, Int32Array.of(2, 0, 3, 0, 1))).toThrow(/empty/);
    expect(() => native.reduce(4, x, y, Int32Array.of(2, 2, 3, 0, 1))).toThrow(/op out of range/);
  });
});
