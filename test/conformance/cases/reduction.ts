// Conformance cases of the reduction and indexing kernels. Tolerances:
// Sum, Mean: TOLERANCE.summation (both sides accumulate in double but in a
// different order on a GPU; on the host device they are identical); Max, Min,
// ArgMax, ArgMin, TopK, GatherV2, OneHot: exact (ties, -0/+0 and NaN
// included, except TopK with NaN or repeated infinities, which tfjs-cpu orders
// arbitrarily: its comparator computes b - a, NaN for those).
// GatherV2 cases use valid indices only (the device gives zeros where
// tfjs-cpu throws).
import { TOLERANCE, type ConformanceCase, type Tf } from '../types.js';

type Axis = number | number[] | null;

const reduceShapes: Array<[number[], Axis[]]> = [
  [[7, 13], [null, 0, 1, [0, 1], -1]],
  [[2, 3, 5, 17], [[1, 2], [0, 1, 2], [0, 3], [3], [1, 3], [2, 0]]],
  [[1, 31], [0, 1]],
  [[3, 1, 4], [1, [0, 1], [1, 2]]],
  [[5], [0, []]],
  [[4, 6, 3, 2, 5], [[0, 2, 4], [1, 3]]],
  // Long rows, long columns, one long vector: the chunked paths of the CUDA kernel.
  [[5, 9001], [1, 0]],
  [[3001, 7], [0]],
  [[2, 2003, 70], [1, [0, 1]]],
  [[20011], [0]],
];

const reductions: Array<[string, (tf: Tf, x: any, axis: any, keepDims: boolean) => any]> = [
  ['Sum', (tf, x, a, k) => tf.sum(x, a, k)],
  ['Mean', (tf, x, a, k) => tf.mean(x, a, k)],
  ['Max', (tf, x, a, k) => tf.max(x, a, k)],
  ['Min', (tf, x, a, k) => tf.min(x, a, k)],
];

function ties(n: number, period: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i * 7919) % period) - Math.floor(period / 2));
}

const special = [NaN, 0, -0, 1, -1, Infinity, -Infinity, 2, 2, -0, 0, NaN];

export const reductionCases: ConformanceCase[] = [
  ...reductions.flatMap(([kernel, f]) => reduceShapes.flatMap(([shape, axes]) => axes.flatMap((axis) =>
    [false, true].map((keepDims): ConformanceCase => ({
      kernels: [kernel],
      name: `${JSON.stringify(shape)} axis ${JSON.stringify(axis)}${keepDims ? ' keepDims' : ''}`,
      run: (tf, rand) => f(tf, rand(shape, { min: -2, max: 3 }), axis, keepDims),
      tolerance: kernel === 'Sum' || kernel === 'Mean' ? TOLERANCE.summation : TOLERANCE.exact,
    }))))),
  {
    kernels: ['Max', 'Min'],
    name: 'NaN, infinities and signed zeros',
    run: (tf) => {
      const rows = [
        [0, -0, 1, -1], [-0, 0, -1, -2], [NaN, 1, 2, 3], [1, 2, NaN, -Infinity], [-Infinity, -Infinity, -Infinity, -Infinity],
        [Infinity, NaN, 0, 0], [-0, -0, -0, -0], [0, 0, 0, -0],
      ];
      const x = tf.tensor2d(rows);
      const cols = tf.tensor2d(rows.flat(), [4, 8]);
      const long = tf.tensor1d(Float32Array.from({ length: 9001 }, (_, i) => (i === 5000 ? -0 : i === 7000 ? 0 : -1)));
      return [tf.max(x, 1), tf.min(x, 1), tf.max(cols, 0), tf.min(cols, 0), tf.max(long), tf.min(tf.neg(long)),
        tf.max(tf.tensor1d(special)), tf.min(tf.tensor1d(special.slice(1)))];
    },
  },
  {
    kernels: ['Sum', 'Mean'],
    name: 'NaN and infinities',
    run: (tf) => {
      const x = tf.tensor2d([[NaN, 1, 2], [Infinity, 1, 2], [Infinity, -Infinity, 0], [1e30, 1e30, -1e30]]);
      return [tf.sum(x, 1), tf.mean(x, 1), tf.sum(x, 0)];
    },
    tolerance: TOLERANCE.summation,
  },
  {
    kernels: ['Sum', 'Mean', 'Max'],
    name: 'gradients of sum, mean, max, moments and logSumExp',
    run: (tf, rand) => {
      const x = rand([6, 5, 4]);
      const g = tf.grads((a: any) => tf.add(tf.add(tf.sum(tf.sum(tf.mul(a, a), [0, 2])),
        tf.sum(tf.mean(a, 1))), tf.sum(tf.max(a, 2))))([x]);
      const { mean, variance } = tf.moments(x, [0, 1]);
      const lse = tf.logSumExp(x, 2);
      return [...g, mean, variance, lse];
    },
    tolerance: TOLERANCE.summation,
  },
  // ArgMax / ArgMin
  ...(['ArgMax', 'ArgMin'] as const).flatMap((kernel) => {
    const f = (tf: Tf, x: any, axis: number) => (kernel === 'ArgMax' ? tf.argMax(x, axis) : tf.argMin(x, axis));
    return [
      ...([[[7, 13], [0, 1, -1]], [[2, 3, 4, 5], [0, 2, 3]], [[1, 9], [0, 1]], [[9001], [0]], [[3001, 3], [0]],
        [[2, 5003, 3], [1]]] as Array<[number[], number[]]>)
        .flatMap(([shape, axes]) => axes.map((axis): ConformanceCase => ({
          kernels: [kernel],
          name: `${JSON.stringify(shape)} axis ${axis}`,
          run: (tf, rand) => f(tf, rand(shape), axis),
        }))),
      {
        kernels: [kernel],
        name: 'ties, NaN and signed zeros',
        run: (tf: Tf) => {
          const rows = [
            [NaN, 1, 2, 3], [1, NaN, 3, 0], [3, 1, 3, NaN], [-0, 0, -1, 1], [0, -0, 5, -5], [2, 2, 2, 2],
            [NaN, NaN, NaN, NaN], [-Infinity, NaN, -Infinity, Infinity], [1, 1, NaN, -1],
          ];
          const x = tf.tensor2d(rows);
          const longTies = tf.tensor2d(ties(3 * 5001, 7), [3, 5001]);
          return [f(tf, x, 1), f(tf, x, 0), f(tf, longTies, 1), f(tf, longTies, 0),
            f(tf, tf.tensor1d(special.slice(1)), 0), f(tf, tf.tensor1d(special), 0)];
        },
      },
    ];
  }),
  // TopK
  ...([[[5, 37], [1, 5, 36, 37]], [[3, 4, 50], [7]], [[1, 1], [1, 0]], [[300], [20]], [[4, 5000], [200]],
    [[2, 50000], [200]]] as Array<[number[], number[]]>)
    .flatMap(([shape, ks]) => ks.map((k): ConformanceCase => ({
      kernels: ['TopK'],
      name: `${JSON.stringify(shape)} k ${k}`,
      run: (tf, rand) => {
        const { values, indices } = tf.topk(rand(shape), k);
        return [values, indices];
      },
    }))),
  {
    kernels: ['TopK'],
    name: 'ties, signed zeros, infinities; sorted: false',
    run: (tf) => {
      const out: any[] = [];
      const x = tf.tensor2d(ties(4 * 1000, 9), [4, 1000]);
      for (const k of [1, 50, 300, 1000]) {
        const { values, indices } = tf.topk(x, k);
        out.push(values, indices);
      }
      const z = tf.tensor2d([[0, -0, 0, -0, 1, -1], [-0, 0, -0, 0, -1, -1], [-Infinity, Infinity, 0, -3, 5, 2]]);
      for (const k of [2, 4, 6]) {
        const { values, indices } = tf.topk(z, k);
        out.push(values, indices);
      }
      const u = tf.topk(tf.tensor2d(ties(2 * 100, 13), [2, 100]), 10, false);
      out.push(u.values, u.indices);
      return out;
    },
  },
  // GatherV2
  {
    kernels: ['GatherV2'],
    name: 'float32, axes 0, 1, 2; 2-D indices',
    run: (tf, rand) => {
      const x = rand([10, 6, 3]);
      const i1 = tf.tensor1d([3, 0, 9, 3, 5], 'int32'), i2 = tf.tensor2d([[1, 2, 0], [5, 5, 4]], [2, 3], 'int32');
      return [tf.gather(x, i1, 0), tf.gather(x, i2, 1), tf.gather(x, tf.tensor1d([2, 0, 1, 1], 'int32'), 2),
        tf.gather(x, i2, 0), tf.gather(tf.tensor1d([7]), tf.tensor1d([0, 0, 0], 'int32'))];
    },
  },
  {
    kernels: ['GatherV2'],
    name: 'int32 and bool x; batchDims 1 and 2; empty indices',
    run: (tf, rand) => {
      const xi = rand([4, 5], { dtype: 'int32', min: -100, max: 100 });
      const xb = rand([4, 5], { dtype: 'bool' });
      const idx = tf.tensor2d([[4, 0], [1, 1], [3, 2], [0, 4]], [4, 2], 'int32');
      const x3 = rand([2, 3, 4, 5]);
      const idx3 = tf.tensor3d([[[1, 0, 3]], [[2, 2, 0]]], [2, 1, 3], 'int32');
      return [tf.gather(xi, idx, 1, 1), tf.gather(xb, idx, 1, 1), tf.gather(xi, tf.tensor1d([3, 0], 'int32')),
        tf.gather(x3, idx3, 2, 1), tf.gather(x3, tf.tensor2d([[0, 3], [1, 2]], [2, 2], 'int32'), 3, 1),
        tf.gather(x3, tf.tensor1d([], 'int32'), 1)];
    },
  },
  {
    kernels: ['GatherV2', 'Sum'],
    name: 'gradient of gather',
    run: (tf, rand) => {
      const x = rand([7, 4]);
      const idx = tf.tensor1d([6, 0, 6, 2], 'int32');
      return tf.grad((a: any) => tf.sum(tf.mul(tf.gather(a, idx), tf.gather(a, idx))))(x);
    },
    tolerance: TOLERANCE.summation,
  },
  // OneHot
  {
    kernels: ['OneHot'],
    name: 'int32 and float32, on/off values, out-of-range indices, 2-D indices',
    run: (tf) => {
      const i = tf.tensor1d([0, 3, -1, 4, 2, 3], 'int32');
      return [tf.oneHot(i, 4), tf.oneHot(i, 5, 0.9, 0.1, 'float32'), tf.oneHot(i, 4, -3, 7),
        tf.oneHot(tf.tensor2d([[1, 0], [0, 1], [1, 1]], [3, 2], 'int32'), 2, 1, 0, 'float32'),
        tf.oneHot(tf.tensor1d([], 'int32'), 3)];
    },
  },
  {
    kernels: ['TopK', 'GatherV2', 'OneHot', 'Sum', 'Max'],
    name: 'the kNN vote (src/eval/knn.ts) and a softmax cross-entropy',
    run: (tf, rand) => {
      const sim = rand([16, 3000]);
      const labels = rand([3000], { dtype: 'int32', min: 0, max: 10 });
      const { values, indices } = tf.topk(sim, 200);
      const weights = tf.exp(tf.div(values, 0.07));
      const votes = tf.oneHot(tf.gather(labels, indices), 10);
      const scores = tf.sum(tf.mul(votes, tf.expandDims(weights, 2)), 1);
      const logits = rand([8, 10]);
      const y = tf.oneHot(tf.tensor1d([0, 3, 9, 2, 2, 1, 0, 5], 'int32'), 10);
      const loss = tf.losses.softmaxCrossEntropy(y, logits);
      const g = tf.grad((l: any) => tf.losses.softmaxCrossEntropy(y, l))(logits);
      return [scores, tf.argMax(scores, 1), loss, g];
    },
    tolerance: TOLERANCE.summation,
  },
];
