// Conformance cases of the linalg kernels: BatchMatMul, _FusedMatMul, Conv2D,
// FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter.
//
// Tolerances. The reference is the cpu backend's native blocked GEMM /
// implicit im2col in float32.
//   - Host reference device: the same CPU GEMM over an explicit im2col (on
//     KRSC filters and padded copies, as the cuDNN path), a gather col2im and
//     strided runs of the batch, so sums come in another order at most: well
//     inside TOLERANCE.summation (max |diff| seen 1.1e-5 on values ~10, in the
//     ResNet 3x3 filter gradient); LINALG below is used throughout.
//   - GPU: cuBLAS / cuDNN pick their own blocking, split-K and algorithms
//     (Winograd, FFT for some shapes), so GPU results differ by more than one
//     order of summation: LINALG (1e-4 abs + 1e-4 rel) for products and
//     convolutions, with TF32 switched off for the case (strict()), as inputs
//     lie in [-1, 1] and depths stay under ~2000 (gradients sum over batch x
//     pixels, at most ~4600 terms here).
//   - One case keeps TF32 on (the default): 10-bit mantissas, so
//     TF32_TOLERANCE (2e-2 abs + 1e-2 rel) at depth 256.
// The epilogue (bias, activations) is the cpu backend's formulas in float32;
// where the cpu side runs tfjs's stock JS activations (bias not per channel)
// exp-based ones differ by an ulp, inside the tolerances above.
import { native } from '../../../src/native/index.js';
import type { ConformanceCase, Rand, Tf, Tolerance } from '../types.js';

const LINALG: Tolerance = { abs: 1e-4, rel: 1e-4 };
const TF32_TOLERANCE: Tolerance = { abs: 2e-2, rel: 1e-2 };

// Runs a case body with TF32 off (restored after; kernels launch synchronously).
function strict(run: (tf: Tf, rand: Rand) => any): (tf: Tf, rand: Rand) => any {
  return (tf, rand) => {
    const prev = native.device.tf32();
    native.device.setTf32(false);
    try {
      return run(tf, rand);
    } finally {
      native.device.setTf32(prev);
    }
  };
}

function cases(kernels: string[], list: Array<[string, (tf: any, rand: Rand) => any]>, tolerance = LINALG): ConformanceCase[] {
  return list.map(([name, run]) => ({ kernels, name, run: strict(run), tolerance }));
}

// ---------------------------------------------------------------- products

const matMuls: Array<[string, number[], number[], boolean, boolean]> = [
  ['odd sizes', [7, 13], [13, 5], false, false],
  ['transposeA', [13, 7], [13, 5], true, false],
  ['transposeB', [7, 13], [5, 13], false, true],
  ['both transposed', [13, 7], [5, 13], true, true],
  ['ResNet head [64,512]x[512,10]', [64, 512], [512, 10], false, false],
  ['projector [32,256]x[256,256]^T', [32, 256], [256, 256], false, true],
  ['batch 1', [1, 1, 9], [1, 9, 1], false, false],
  ['batched', [3, 4, 6], [3, 6, 5], false, false],
  ['broadcast a', [4, 6], [3, 6, 5], false, false],
  ['broadcast b', [2, 3, 4, 6], [6, 5], false, false],
  ['broadcast both', [2, 1, 4, 6], [3, 6, 5], false, false],
  ['broadcast both, transposed', [2, 1, 6, 4], [1, 3, 5, 6], true, true],
  ['1 x 1 product', [1, 1], [1, 1], false, false],
];

const activations: Array<[string, number | undefined]> = [
  ['linear', undefined], ['relu', undefined], ['relu6', undefined], ['elu', undefined], ['leakyrelu', 0.2],
  ['sigmoid', undefined], ['prelu', undefined],
];

const matMulCases: ConformanceCase[] = [
  ...cases(['BatchMatMul'], matMuls.map(([name, sa, sb, ta, tb]) => [
    `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`,
    (tf, rand) => tf.matMul(rand(sa), rand(sb), ta, tb),
  ])),
  ...cases(['_FusedMatMul'], activations.map(([act, alpha]) => [
    `bias [N], ${act}`,
    (tf, rand) => tf.fused.matMul({
      a: rand([9, 17]), b: rand([17, 11]), bias: rand([11]), activation: act, leakyreluAlpha: alpha,
      preluActivationWeights: act === 'prelu' ? rand([11]) : undefined,
    }),
  ])),
  ...cases(['_FusedMatMul'], [
    ['scalar bias, transposed, relu6', (tf, rand) => tf.fused.matMul({
      a: rand([17, 9], { min: -4, max: 4 }), b: rand([11, 17]), transposeA: true, transposeB: true, bias: rand([]),
      activation: 'relu6' })],
    ['bias [M, 1], batched, elu', (tf, rand) => tf.fused.matMul({
      a: rand([2, 9, 17]), b: rand([2, 17, 11]), bias: rand([9, 1]), activation: 'elu' })],
    ['bias [B, M, N], broadcast batch, prelu [1]', (tf, rand) => tf.fused.matMul({
      a: rand([9, 17]), b: rand([3, 17, 11]), bias: rand([3, 9, 11]), activation: 'prelu',
      preluActivationWeights: rand([1]) })],
    ['prelu [M, N] weights, no bias', (tf, rand) => tf.fused.matMul({
      a: rand([9, 17]), b: rand([17, 11]), activation: 'prelu', preluActivationWeights: rand([9, 11]) })],
    ['bias [B, 1, N] (host fallback)', (tf, rand) => tf.fused.matMul({
      a: rand([2, 9, 17]), b: rand([2, 17, 11]), bias: rand([2, 1, 11]), activation: 'relu' })],
  ]),
  ...cases(['BatchMatMul'], [
    ['gradient of matMul', (tf, rand) => tf.grads((a: any, b: any) => tf.matMul(a, b))([rand([8, 12]), rand([12, 5])])],
    // (tfjs's BatchMatMul gradient does not reduce broadcast batch dimensions.)
    ['gradient of transposed, batched matMul', (tf, rand) =>
      tf.grads((a: any, b: any) => tf.matMul(a, b, true, true))([rand([2, 12, 8]), rand([2, 5, 12])])],
  ]),
  ...cases(['_FusedMatMul', 'BatchMatMul'], [
    ['gradient of fused matMul + bias + relu', (tf, rand) => tf.grads((a: any, b: any, c: any) =>
      tf.fused.matMul({ a, b, bias: c, activation: 'relu' }))([rand([8, 12]), rand([12, 5]), rand([5])])],
  ]),
  {
    kernels: ['BatchMatMul'],
    name: 'TF32 on (GPU default), depth 256',
    run: (tf, rand) => tf.matMul(rand([64, 256]), rand([256, 64])),
    tolerance: TF32_TOLERANCE,
  },
];

// ------------------------------------------------------------ convolutions

type Pad = 'same' | 'valid' | number | number[][];
interface Conv {
  name: string;
  x: number[];
  f: number[];
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  rounding?: 'floor' | 'round' | 'ceil';
}

const convs: Conv[] = [
  { name: 'ResNet-18-CIFAR stem 3x3', x: [2, 32, 32, 3], f: [3, 3, 3, 64], strides: 1, pad: 'same' },
  { name: 'ResNet-18-CIFAR 3x3 stride 2 (asymmetric same)', x: [2, 16, 16, 32], f: [3, 3, 32, 64], strides: 2, pad: 'same' },
  { name: 'ResNet-18-CIFAR 1x1 stride 2 shortcut', x: [2, 16, 16, 32], f: [1, 1, 32, 64], strides: 2, pad: 'same' },
  { name: 'ResNet-18-CIFAR 3x3 stride 1', x: [2, 8, 8, 64], f: [3, 3, 64, 64], strides: 1, pad: 'same' },
  { name: 'ResNet-50 7x7 stride 2 pad 3', x: [1, 40, 40, 3], f: [7, 7, 3, 16], strides: 2,
    pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  { name: 'ResNet-50 1x1 bottleneck', x: [2, 7, 7, 64], f: [1, 1, 64, 32], strides: 1, pad: 'valid' },
  { name: 'ResNet-50 3x3 stride 2 on odd input', x: [1, 15, 15, 16], f: [3, 3, 16, 24], strides: 2, pad: 'same' },
  { name: 'odd sizes, strides [2, 3], valid', x: [3, 11, 13, 5], f: [3, 2, 5, 7], strides: [2, 3], pad: 'valid' },
  { name: 'explicit asymmetric pads', x: [2, 9, 10, 3], f: [3, 4, 3, 5], strides: [1, 2],
    pad: [[0, 0], [1, 2], [0, 3], [0, 0]] },
  { name: 'dilations [2, 1], same', x: [1, 12, 11, 4], f: [3, 3, 4, 6], strides: 1, pad: 'same', dilations: [2, 1] },
  { name: 'numeric pad 1, stride 2, ceil', x: [2, 10, 9, 3], f: [3, 3, 3, 4], strides: 2, pad: 1, rounding: 'ceil' },
  { name: 'batch 1, 1 channel', x: [1, 5, 5, 1], f: [2, 2, 1, 1], strides: 1, pad: 'valid' },
];

// tfjs's gradient of conv2d needs dilation 1 and no dimRoundingMode.
const convGrads = convs.filter((c) => c.dilations === undefined && c.rounding === undefined);

const conv2d = (tf: any, c: Conv, x: any, f: any) =>
  tf.conv2d(x, f, c.strides, c.pad, 'NHWC', c.dilations ?? 1, c.rounding);

const convCases: ConformanceCase[] = [
  ...cases(['Conv2D'], convs.map((c) => [`${c.name} ${JSON.stringify(c.x)} * ${JSON.stringify(c.f)}`,
    (tf, rand) => conv2d(tf, c, rand(c.x), rand(c.f))])),
  ...cases(['FusedConv2D'], activations.map(([act, alpha]) => [
    `bias [outC], ${act}`,
    (tf, rand) => tf.fused.conv2d({
      x: rand([2, 9, 9, 6]), filter: rand([3, 3, 6, 8]), strides: 2, pad: 'same', bias: rand([8]), activation: act,
      leakyreluAlpha: alpha, preluActivationWeights: act === 'prelu' ? rand([8]) : undefined,
    }),
  ])),
  ...cases(['FusedConv2D'], [
    ['scalar bias, relu, 1x1', (tf, rand) => tf.fused.conv2d({
      x: rand([2, 5, 5, 8]), filter: rand([1, 1, 8, 4]), strides: 1, pad: 'valid', bias: rand([]), activation: 'relu' })],
    ['no bias, sigmoid, dilated', (tf, rand) => tf.fused.conv2d({
      x: rand([1, 9, 9, 3]), filter: rand([3, 3, 3, 4]), strides: 1, pad: 'same', dilations: 2, activation: 'sigmoid' })],
  ]),
  ...cases(['Conv2DBackpropInput', 'Conv2DBackpropFilter', 'Conv2D'], convGrads.map((c) => [
    `gradient: ${c.name}`,
    (tf, rand) => tf.grads((x: any, f: any) => conv2d(tf, c, x, f))([rand(c.x), rand(c.f)]),
  ])),
  ...cases(['FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], [
    ['gradient of fused conv2d + bias + relu', (tf, rand) => tf.grads((x: any, f: any, b: any) =>
      tf.fused.conv2d({ x, filter: f, strides: 1, pad: 'same', bias: b, activation: 'relu' }))(
      [rand([2, 8, 8, 4]), rand([3, 3, 4, 6]), rand([6])])],
  ]),
  ...cases(['Conv2DBackpropInput'], [
    ['conv2dTranspose, stride 2', (tf, rand) =>
      tf.conv2dTranspose(rand([2, 5, 5, 6]), rand([3, 3, 4, 6]), [2, 10, 10, 4], 2, 'same')],
  ]),
];

export const linalgCases: ConformanceCase[] = [...matMulCases, ...convCases];
