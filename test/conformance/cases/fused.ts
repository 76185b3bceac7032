// Conformance cases of the fused family: batch norm (training, through the
// model's fused op, and tfjs's inference FusedBatchNorm), pooling, and the
// fused SimSiam loss and augmentation. Tolerances, per kernel:
// - FusedBatchNorm, MaxPool, AvgPool, MaxPoolGrad, AvgPoolGrad, SimSiamLossGrad:
//   exact. The CUDA kernels run the CPU reference's per-element code (double
//   sums in the same order, one rounding; FusedBatchNorm with explicitly
//   rounded double operations), and dy * grad is one float32 product.
// - BatchNormTraining, BatchNormTrainingGrad: BN (abs 1e-5 + rel 1e-4). The
//   CUDA sums follow the CPU reference's order (float over blocks of 256 rows,
//   double across blocks), so only fused multiply-adds can differ (nvcc and
//   the host compiler may contract different products); the backward pass
//   subtracts nearly equal terms, hence the relative slack.
// - SimSiamLoss, NegativeCosineSimilarity: LOSS (abs 1e-5 + rel 1e-4). The
//   CPU reference accumulates each row's norms and dot product in double, the
//   CUDA kernel in float32 (a warp-tree sum over D <= 2048 values).
// - SimSiamAugment: AUGMENT (abs 1e-4), the brief's bound for the views
//   (normalised values of magnitude <= ~2.7): the same parameters and the
//   same per-pixel code (AugmentPixel.h), but CUDA's expf/sinf-based steps
//   (hue, Gaussian weights) and its contrast mean (a float tree sum, the CPU
//   a double one) may differ in the last bits.
// On the host reference device every kernel runs its CPU reference, so all
// of these compare equal there.
import { batchNormTraining } from '../../../src/ops/batch_norm_training.js';
import { negativeCosineSimilarity, simsiamLoss } from '../../../src/ops/simsiam_loss.js';
import { simsiamAugment } from '../../../src/ops/simsiam_augment.js';
import type { ConformanceCase, Rand, Tf } from '../types.js';

const BN = { abs: 1e-5, rel: 1e-4 };
const LOSS = { abs: 1e-5, rel: 1e-4 };
const AUGMENT = { abs: 1e-4, rel: 0 };

// ---- BatchNormTraining (the model's fused BatchNormalization) ----

const bnShapes: Array<[string, number[]]> = [
  ['NHWC, odd sizes', [2, 5, 5, 7]],
  ['two row blocks and a tail (M = 300)', [300, 64]],
  ['batch 1, one row', [1, 1, 1, 3]],
  ['rank 2, wide C', [9, 2048]],
  ['M = 512 exactly two blocks', [2, 16, 16, 5]],
];

function bnInputs(rand: Rand, shape: number[]) {
  const C = shape[shape.length - 1];
  return { x: rand(shape, { min: -3, max: 5 }), gamma: rand([C], { min: 0.5, max: 1.5 }), beta: rand([C]) };
}

const bnCases: ConformanceCase[] = bnShapes.flatMap(([name, shape]): ConformanceCase[] => [
  {
    kernels: ['BatchNormTraining'],
    name: `forward ${name} ${JSON.stringify(shape)}`,
    run: (tf, rand) => {
      const { x, gamma, beta } = bnInputs(rand, shape);
      const { y, mean, variance } = batchNormTraining(x, gamma as any, beta as any, 1e-3);
      return [y, mean, variance];
    },
    tolerance: BN,
  },
  {
    kernels: ['BatchNormTraining', 'BatchNormTrainingGrad'],
    name: `gradients (dy, dMean, dVariance) ${name} ${JSON.stringify(shape)}`,
    run: (tf, rand) => {
      const { x, gamma, beta } = bnInputs(rand, shape);
      const C = shape[shape.length - 1];
      const w = rand(shape), u = rand([C]), v = rand([C]);
      const f = (a: any, g: any, b: any) => {
        const { y, mean, variance } = batchNormTraining(a, g, b, 1e-5);
        return tf.add(tf.add(tf.sum(tf.mul(y, w)), tf.sum(tf.mul(mean, u))), tf.sum(tf.mul(variance, v)));
      };
      return tf.grads(f)([x, gamma, beta]);
    },
    tolerance: BN,
  },
]);

bnCases.push({
  kernels: ['BatchNormTraining', 'BatchNormTrainingGrad'],
  name: 'gradient of y alone (dMean, dVariance zero), explicit dy',
  run: (tf, rand) => {
    const { x, gamma, beta } = bnInputs(rand, [3, 4, 4, 6]);
    const dy = rand([3, 4, 4, 6]);
    return tf.grads((a: any, g: any, b: any) => batchNormTraining(a, g, b, 1e-3).y)([x, gamma, beta], dy);
  },
  tolerance: BN,
});

// ---- FusedBatchNorm (tf.batchNorm) ----

const fbnCases: ConformanceCase[] = [
  ['1-D params', [2, 3, 3, 5], [5], true, true],
  ['4-D params', [2, 3, 3, 5], [1, 1, 1, 5], true, true],
  ['no offset, no scale', [3, 4, 6], [6], false, false],
  ['scale only, batch 1', [1, 2, 2, 7], [7], false, true],
  ['one-value params', [4, 5], [1], true, true],
  ['cyclic lengths that do not divide x', [5, 3], [2], true, true],
].map(([name, xShape, pShape, withOffset, withScale]): ConformanceCase => ({
  kernels: ['FusedBatchNorm'],
  name: `${name} x ${JSON.stringify(xShape)} params ${JSON.stringify(pShape)}`,
  run: (tf, rand) => {
    const x = rand(xShape as number[], { min: -4, max: 4 });
    const mean = rand(pShape as number[]), variance = rand(pShape as number[], { min: 0.1, max: 2 });
    const offset = withOffset ? rand(pShape as number[]) : undefined;
    const scale = withScale ? rand(pShape as number[], { min: 0.5, max: 2 }) : undefined;
    return tf.batchNorm(x, mean, variance, offset, scale, 1e-3);
  },
}));
fbnCases.push({
  kernels: ['FusedBatchNorm'],
  name: 'mixed parameter lengths (1 and C), default epsilon',
  run: (tf, rand) => tf.batchNorm(rand([2, 2, 3, 4]), rand([4]), rand([1], { min: 0.2, max: 1 }), rand([1]), rand([4])),
});

// ---- Pooling ----

type PoolConfig = [string, number[], number | [number, number], number | [number, number], any, ('floor' | 'round' | 'ceil')?];
const poolConfigs: PoolConfig[] = [
  ['3x3 stride 2 same', [2, 9, 9, 5], 3, 2, 'same'],
  ['ResNet stem (after its zero padding) 3x3 stride 2 valid', [2, 10, 10, 4], 3, 2, 'valid'],
  ['2x2 stride 2 valid, odd width', [1, 8, 7, 3], 2, 2, 'valid'],
  ['3x3 stride 1 same', [2, 6, 6, 4], 3, 1, 'same'],
  ['2x3 filter, strides [1, 2], valid', [1, 5, 7, 2], [2, 3], [1, 2], 'valid'],
  ['numeric pad 1 with floor rounding', [2, 7, 7, 3], 3, 2, 1, 'floor'],
  ['explicit padding', [1, 6, 5, 2], 3, 2, [[0, 0], [1, 2], [0, 1], [0, 0]]],
  ['window larger than the input (same)', [1, 2, 3, 4], 5, 2, 'same'],
  ['1x1 stride 2 (not the identity)', [1, 5, 5, 3], 1, 2, 'valid'],
];

function poolOf(tf: Tf, kind: 'max' | 'avg', x: any, c: PoolConfig): any {
  const [, , f, s, pad, round] = c;
  return kind === 'max' ? tf.maxPool(x, f, s, pad, round) : tf.avgPool(x, f, s, pad, round);
}

const poolCases: ConformanceCase[] = (['max', 'avg'] as const).flatMap((kind) => {
  const fwd = kind === 'max' ? 'MaxPool' : 'AvgPool', bwd = kind === 'max' ? 'MaxPoolGrad' : 'AvgPoolGrad';
  return poolConfigs.flatMap((c): ConformanceCase[] => [
    { kernels: [fwd], name: `${c[0]} ${JSON.stringify(c[1])}`, run: (tf, rand) => poolOf(tf, kind, rand(c[1]), c) },
    {
      kernels: [fwd, bwd],
      name: `gradient, ${c[0]} ${JSON.stringify(c[1])}`,
      run: (tf, rand) => {
        const x = rand(c[1]);
        const dy = rand(poolOf(tf, kind, x, c).shape);
        return tf.grad((a: any) => poolOf(tf, kind, a, c))(x, dy);
      },
    },
    {
      kernels: [fwd, bwd],
      name: `ties (values 0, 1, 2): forward and gradient, ${c[0]}`,
      run: (tf, rand) => {
        const x = tf.floor(rand(c[1], { min: 0, max: 3 }));
        const dy = rand(poolOf(tf, kind, x, c).shape);
        const [y, dx] = [poolOf(tf, kind, x, c), tf.grad((a: any) => poolOf(tf, kind, a, c))(x, dy)];
        return [y, dx];
      },
    },
  ]);
});
poolCases.push(
  {
    kernels: ['MaxPool', 'MaxPoolGrad'],
    name: 'NaN and -Infinity windows (max -Inf, no gradient)',
    run: (tf) => {
      const v = [NaN, NaN, 1, -Infinity, -Infinity, NaN, 2, 3, NaN, -Infinity, -Infinity, -Infinity, 0, NaN, 5, -1];
      const x = tf.tensor4d(v, [1, 4, 4, 1]);
      const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      return [tf.maxPool(x, 2, 2, 'valid'), tf.grad((a: any) => tf.maxPool(a, 2, 2, 'valid'))(x, dy)];
    },
  },
  {
    kernels: ['MaxPool', 'AvgPool'],
    name: '1x1 stride 1 is the identity (NaN kept)',
    run: (tf, rand) => {
      const v = Array.from({ length: 24 }, (_, i) => (i % 5 === 3 ? NaN : Math.sin(i)));
      const x = tf.tensor4d(v, [1, 4, 3, 2]);
      return [tf.maxPool(x, 1, 1, 'valid'), tf.avgPool(x, 1, 1, 'same')];
    },
  },
  {
    kernels: ['MaxPool', 'AvgPool'],
    name: '3-D input (the op adds the batch axis)',
    run: (tf, rand) => {
      const x = rand([7, 6, 3]);
      return [tf.maxPool(x as any, 3, 2, 'same'), tf.avgPool(x as any, 2, 1, 'valid')];
    },
  },
);

// ---- SimSiamLoss, NegativeCosineSimilarity, SimSiamLossGrad ----

/** [B, D] with rows `zeroRows` set to zero. */
function withZeroRows(tf: Tf, rand: Rand, B: number, D: number, zeroRows: number[]) {
  const mask = tf.tensor2d(Array.from({ length: B }, (_, i) => (zeroRows.includes(i) ? 0 : 1)), [B, 1]);
  return tf.mul(rand([B, D]), mask);
}

const lossShapes: Array<[number, number]> = [[1, 1], [1, 7], [33, 65], [8, 2048], [260, 3]];

const lossCases: ConformanceCase[] = [
  ...lossShapes.flatMap(([B, D]): ConformanceCase[] => [
    {
      kernels: ['SimSiamLoss'],
      name: `value [${B}, ${D}]`,
      run: (tf, rand) => simsiamLoss(rand([B, D]), rand([B, D]), rand([B, D]), rand([B, D])),
      tolerance: LOSS,
    },
    {
      kernels: ['NegativeCosineSimilarity'],
      name: `value [${B}, ${D}]`,
      run: (tf, rand) => negativeCosineSimilarity(rand([B, D]), rand([B, D])),
      tolerance: LOSS,
    },
    {
      kernels: ['SimSiamLoss', 'SimSiamLossGrad'],
      name: `gradients (p1, p2 and the stop-gradient z) [${B}, ${D}], dy 0.7`,
      run: (tf, rand) => {
        const ins = [rand([B, D]), rand([B, D]), rand([B, D]), rand([B, D])];
        return tf.grads((a: any, b: any, c: any, d: any) => simsiamLoss(a, b, c, d))(ins, tf.scalar(0.7));
      },
      tolerance: LOSS,
    },
  ]),
  {
    kernels: ['SimSiamLoss', 'SimSiamLossGrad'],
    name: 'zero rows in p and z: value and gradients',
    run: (tf, rand) => {
      const p1 = withZeroRows(tf, rand, 6, 9, [0, 3]), p2 = withZeroRows(tf, rand, 6, 9, [5]);
      const z1 = withZeroRows(tf, rand, 6, 9, [3, 4]), z2 = withZeroRows(tf, rand, 6, 9, [1]);
      const [loss] = [simsiamLoss(p1, p2, z1, z2)];
      const g = tf.grads((a: any, b: any) => simsiamLoss(a, b, z1, z2))([p1, p2], tf.scalar(-1.5));
      return [loss, ...g];
    },
    tolerance: LOSS,
  },
  {
    kernels: ['NegativeCosineSimilarity', 'SimSiamLossGrad'],
    name: 'gradient with zero rows, dy 2',
    run: (tf, rand) => {
      const p = withZeroRows(tf, rand, 5, 4, [2]), z = withZeroRows(tf, rand, 5, 4, [0, 2]);
      const [gp, gz] = tf.grads((a: any, b: any) => negativeCosineSimilarity(a, b))([p, z], tf.scalar(2));
      return [negativeCosineSimilarity(p, z), gp, gz];
    },
    tolerance: LOSS,
  },
];

// ---- SimSiamAugment (the op; augmentPair: test/cuda/fused.test.ts) ----

const augmentCases: ConformanceCase[] = [
  ['int32 images, imagenet preset with blur', 'int32', [3, 20, 24, 3], 0, 256, { size: 16, blurProb: 1 }],
  ['float32 images out of range and fractional (clamped, rounded half to even)', 'float32', [2, 17, 13, 3], -20, 280, { size: 12 }],
  ['batch 1, cifar preset', 'int32', [1, 32, 32, 3], 0, 256, { size: 32, preset: 'cifar' }],
  ['larger than the tile, strong jitter', 'int32', [2, 48, 40, 3], 0, 256, { size: 40, jitterProb: 1, grayscaleProb: 0.5, blurProb: 0.5 }],
].map(([name, dtype, shape, min, max, options]): ConformanceCase => ({
  kernels: ['SimSiamAugment'],
  name: name as string,
  run: (tf, rand) => {
    const dims = shape as number[];
    // float32: fractional values (ties .5 included), negatives and values above 255.
    const images = dtype === 'int32' ? rand(dims, { min: min as number, max: max as number, dtype: 'int32' })
      : tf.tensor(Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) },
        (_, i) => ((i * 37) % 311) + (min as number) + (i % 4) * 0.5), dims, 'float32');
    const { view1, view2 } = simsiamAugment(images, { seed: 1234, ...(options as object) });
    return [view1, view2];
  },
  tolerance: AUGMENT,
}));

export const fusedCases: ConformanceCase[] = [...bnCases, ...fbnCases, ...poolCases, ...lossCases, ...augmentCases];
