// Binary (broadcasting) and unary element-wise kernels, and the fused SGD step
// (SgdMomentumUpdate) and moving-average update (MovingAverage): exact,
// products and sums rounded one by one on both sides. Tolerances: exact for
// the IEEE float32 operations; roundedFromDouble for Pow, SquaredDifference,
// Rsqrt, Exp, Log, Sigmoid, Tanh, Elu (computed in double and rounded once,
// as tfjs's JS kernels do).
import { TOLERANCE, type ConformanceCase } from '../types.js';

const shapes: Array<[string, number[], number[]]> = [
  ['same shape', [7, 13], [7, 13]],
  ['scalar right', [5, 3], []],
  ['scalar left', [], [4, 9]],
  ['row broadcast', [6, 1, 5], [4, 5]],
  ['channel (NHWC)', [2, 3, 3, 17], [17]],
  ['both sides', [3, 1, 4], [1, 5, 1]],
  ['batch 1', [1, 31], [1, 31]],
];

const binary: Array<[string, (tf: any, a: any, b: any) => any, number, number]> = [
  ['Add', (tf, a, b) => tf.add(a, b), -1, 1],
  ['Sub', (tf, a, b) => tf.sub(a, b), -1, 1],
  ['Multiply', (tf, a, b) => tf.mul(a, b), -1, 1],
  ['RealDiv', (tf, a, b) => tf.div(a, b), -1, 1],
  ['SquaredDifference', (tf, a, b) => tf.squaredDifference(a, b), -1, 1],
  ['Maximum', (tf, a, b) => tf.maximum(a, b), -1, 1],
  ['Minimum', (tf, a, b) => tf.minimum(a, b), -1, 1],
  ['Pow', (tf, a, b) => tf.pow(a, b), 0.1, 2],
];

const exactBinary = new Set(['Add', 'Sub', 'Multiply', 'RealDiv', 'Maximum', 'Minimum']);

export const elementwiseCases: ConformanceCase[] = [
  ...binary.flatMap(([kernel, f, min, max]) => shapes.map(([name, sa, sb]): ConformanceCase => ({
    kernels: [kernel],
    name: `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`,
    run: (tf, rand) => f(tf, rand(sa, { min, max }), rand(sb, { min, max })),
    tolerance: exactBinary.has(kernel) ? TOLERANCE.exact : TOLERANCE.roundedFromDouble,
  }))),
  {
    kernels: ['Maximum', 'Minimum'],
    name: 'NaN and signed zeros',
    run: (tf) => {
      const a = tf.tensor1d([NaN, 0, -0, 1, -Infinity]), b = tf.tensor1d([1, -0, 0, NaN, 2]);
      return [tf.maximum(a, b), tf.minimum(a, b)];
    },
  },
  {
    kernels: ['Sign', 'Pow'],
    name: 'NaN and infinities (Math.pow, not C pow)',
    run: (tf) => {
      const x = tf.tensor1d([NaN, -0, 0, -Infinity, Infinity, -2, 3]);
      const a = tf.tensor1d([1, 1, -1, -1, 1, NaN, NaN, 2, -0, -8]);
      const b = tf.tensor1d([NaN, Infinity, -Infinity, Infinity, -Infinity, 0, 1, NaN, -1, 1 / 3]);
      return [tf.sign(x), tf.pow(a, b)];
    },
  },
  ...([
    ['Relu', (tf: any, x: any) => tf.relu(x), -2, 2],
    ['Step', (tf: any, x: any) => tf.step(x, 0.3), -2, 2],
    ['Sqrt', (tf: any, x: any) => tf.sqrt(x), 0, 4],
    ['Rsqrt', (tf: any, x: any) => tf.rsqrt(x), 0.01, 4],
    ['Square', (tf: any, x: any) => tf.square(x), -3, 3],
    ['Neg', (tf: any, x: any) => tf.neg(x), -3, 3],
    ['Abs', (tf: any, x: any) => tf.abs(x), -3, 3],
    ['Exp', (tf: any, x: any) => tf.exp(x), -10, 10],
    ['Log', (tf: any, x: any) => tf.log(x), 0.001, 100],
    ['Sigmoid', (tf: any, x: any) => tf.sigmoid(x), -10, 10],
    ['Tanh', (tf: any, x: any) => tf.tanh(x), -5, 5],
    ['Reciprocal', (tf: any, x: any) => tf.reciprocal(x), 0.1, 5],
    ['Relu6', (tf: any, x: any) => tf.relu6(x), -3, 9],
    ['Elu', (tf: any, x: any) => tf.elu(x), -3, 3],
    ['LeakyRelu', (tf: any, x: any) => tf.leakyRelu(x, 0.1), -3, 3],
    ['Sign', (tf: any, x: any) => tf.sign(x), -3, 3],
    ['Floor', (tf: any, x: any) => tf.floor(x), -30, 30],
  ] as Array<[string, (tf: any, x: any) => any, number, number]>).flatMap(([kernel, f, min, max]) =>
    [[1], [3, 7], [2, 5, 5, 9]].map((shape): ConformanceCase => ({
      kernels: [kernel],
      name: JSON.stringify(shape),
      run: (tf, rand) => f(tf, rand(shape, { min, max })),
      tolerance: TOLERANCE.roundedFromDouble,
    }))),
  {
    kernels: ['Multiply', 'Add', 'Sum', 'Reshape'],
    name: 'gradient of a broadcasting product',
    run: (tf, rand) => {
      const a = rand([4, 1, 3]), b = rand([5, 3]);
      const [ga, gb] = tf.grads((x: any, y: any) => tf.mul(x, y))([a, b]);
      return [ga, gb];
    },
    tolerance: TOLERANCE.summation,
  },
  ...([true, false] as const).map((first): ConformanceCase => ({
    kernels: ['SgdMomentumUpdate'],
    name: `${first ? 'first step' : 'with a momentum buffer'}, weight decay, [33, 17]`,
    run: (tf, rand) => {
      const inputs: Record<string, any> = { w: rand([33, 17]), g: rand([33, 17]) };
      if (!first) inputs.buf = rand([33, 17]);
      return tf.engine().runKernel('SgdMomentumUpdate', inputs, { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }) as any;
    },
  })),
  {
    kernels: ['MovingAverage'],
    name: 'BatchNorm moving statistics, [129]',
    run: (tf, rand) => tf.engine().runKernel('MovingAverage', { current: rand([129]), value: rand([129]) }, { decay: 0.1 }) as any,
  },
];
