// Native CPU convolution and matmul kernels vs tfjs-backend-cpu's JS kernels
// on the conv shapes of a CIFAR ResNet-18 (forward, input and filter
// gradients) and one large matmul, then (`bench conv-mnist` alone) the conv
// shapes of the mnist-demo model of `bench step` (ResNet-18 CIFAR variant at
// width 1/8: 8-64 channels, 28x28 views, batch 128; stride 2 as the model
// runs it: explicitly padded input, 'valid'). The kernels are called directly,
// as the engine would. The JS kernels run on batch 1 (they take seconds per
// image); ratios are per image, GFLOP/s is printed on each line.
import { getKernel, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../src/index.js';
import { stockCpuKernel } from '../src/kernels/cpu/register_all_kernels.js';
import { runGroup, type BenchCase, type BenchRow } from './harness.js';

interface ConvShape {
  name: string;
  hw: number;      // input height = width
  inC: number;
  outC: number;
  k: number;       // filter height = width
  stride: number;
  pad?: 'same' | 'valid';  // default 'same'
  batch?: number;          // default BATCH
}

const SHAPES: ConvShape[] = [
  { name: 'stem 32x32x3->64 3x3', hw: 32, inC: 3, outC: 64, k: 3, stride: 1 },
  { name: '32x32x64->64 3x3', hw: 32, inC: 64, outC: 64, k: 3, stride: 1 },
  { name: '32x32x64->128 3x3 s2', hw: 32, inC: 64, outC: 128, k: 3, stride: 2 },
  { name: '16x16x128->128 3x3', hw: 16, inC: 128, outC: 128, k: 3, stride: 1 },
  { name: '8x8x256->256 3x3', hw: 8, inC: 256, outC: 256, k: 3, stride: 1 },
  { name: '4x4x512->512 3x3', hw: 4, inC: 512, outC: 512, k: 3, stride: 1 },
  { name: 'shortcut 32x32x64->128 1x1 s2', hw: 32, inC: 64, outC: 128, k: 1, stride: 2 },
];

// The mnist-demo model's convolutions (src/model/resnet.ts at width 1/8, 28x28 inputs), batch 128 (one view of
// bench step's batch). A stride-2 3x3 convolution runs on its input zero-padded by 1 ('valid'); a 1x1 stride-2
// shortcut on its unpadded input.
const MNIST = { batch: 128 };
export const MNIST_SHAPES: ConvShape[] = [
  { name: 'mnist stem 28x28x3->8 3x3', hw: 28, inC: 3, outC: 8, k: 3, stride: 1, ...MNIST },
  { name: 'mnist 28x28x8->8 3x3', hw: 28, inC: 8, outC: 8, k: 3, stride: 1, ...MNIST },
  { name: 'mnist 30x30x8->16 3x3 s2 valid', hw: 30, inC: 8, outC: 16, k: 3, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist shortcut 28x28x8->16 1x1 s2', hw: 28, inC: 8, outC: 16, k: 1, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist 14x14x16->16 3x3', hw: 14, inC: 16, outC: 16, k: 3, stride: 1, ...MNIST },
  { name: 'mnist 16x16x16->32 3x3 s2 valid', hw: 16, inC: 16, outC: 32, k: 3, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist shortcut 14x14x16->32 1x1 s2', hw: 14, inC: 16, outC: 32, k: 1, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist 7x7x32->32 3x3', hw: 7, inC: 32, outC: 32, k: 3, stride: 1, ...MNIST },
  { name: 'mnist 9x9x32->64 3x3 s2 valid', hw: 9, inC: 32, outC: 64, k: 3, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist shortcut 7x7x32->64 1x1 s2', hw: 7, inC: 32, outC: 64, k: 1, stride: 2, pad: 'valid', ...MNIST },
  { name: 'mnist 4x4x64->64 3x3', hw: 4, inC: 64, outC: 64, k: 3, stride: 1, ...MNIST },
];

const BATCH = 32, STOCK_BATCH = 1;
const outSize = (s: ConvShape) => (s.pad === 'valid' ? Math.floor((s.hw - s.k) / s.stride) + 1 : Math.ceil(s.hw / s.stride));
const backend = () => tf.engine().backend;

// One call of a kernel function, output released at once.
function call(kernel: KernelFunc, inputs: NamedTensorInfoMap, attrs: Record<string, unknown>): () => void {
  return () => {
    const out = kernel({ inputs, backend: backend(), attrs: attrs as never }) as TensorInfo;
    backend().disposeData(out.dataId);
  };
}

function kernels(name: string): { native: KernelFunc; stock: KernelFunc } {
  const stock = stockCpuKernel(name);
  const current = getKernel(name, 'cpu')?.kernelFunc;
  if (!stock || !current) throw new Error(`${name}: the native cpu kernels are not registered (SIMSIAM_NATIVE_CPU=0?)`);
  return { native: current, stock };
}

function convCases(s: ConvShape, pass: 'forward' | 'input grad' | 'filter grad', batch: number) {
  const out = outSize(s);
  const x = tf.randomNormal([batch, s.hw, s.hw, s.inC]), filter = tf.randomNormal([s.k, s.k, s.inC, s.outC]);
  const dy = tf.randomNormal([batch, out, out, s.outC]);
  const attrs = { strides: s.stride, pad: s.pad ?? 'same', dataFormat: 'NHWC', dilations: 1 };
  const tensors = [x, filter, dy];
  if (pass === 'forward') return { tensors, name: 'Conv2D', inputs: { x, filter }, attrs };
  if (pass === 'input grad') return { tensors, name: 'Conv2DBackpropInput', inputs: { dy, filter }, attrs: { ...attrs, inputShape: x.shape } };
  return { tensors, name: 'Conv2DBackpropFilter', inputs: { x, dy }, attrs: { ...attrs, filterShape: filter.shape } };
}

/** shapes 'resnet18': the CIFAR ResNet-18 shapes and the matmul (`bench conv`); 'mnist': MNIST_SHAPES (`bench conv-mnist`). */
export async function benchConv(rows: BenchRow[], shapes: 'resnet18' | 'mnist' = 'resnet18'): Promise<void> {
  await tf.setBackend('cpu');
  for (const s of shapes === 'mnist' ? MNIST_SHAPES : SHAPES) {
    const out = outSize(s), batch = s.batch ?? BATCH;
    const flopsPerImage = 2 * out * out * s.outC * s.k * s.k * s.inC;
    for (const pass of ['forward', 'input grad', 'filter grad'] as const) {
      const big = convCases(s, pass, batch), small = convCases(s, pass, STOCK_BATCH);
      const { native, stock } = kernels(big.name);
      const label = `${big.name} ${s.name}`;
      const cases: BenchCase[] = [
        { name: `tfjs-backend-cpu (JS), batch ${STOCK_BATCH}`, backend: 'cpu', device: 'cpu', n: STOCK_BATCH, stock: true,
          flopsPerItem: flopsPerImage, fn: call(stock, small.inputs, small.attrs) },
        { name: `native, batch ${batch}`, backend: 'cpu', device: 'cpu', n: batch, native: true, flopsPerItem: flopsPerImage,
          fn: call(native, big.inputs, big.attrs) },
      ];
      await runGroup(`${label} (${pass})`, cases.map((c) => ({ ...c, name: `${label} ${c.name}` })), rows);
      tf.dispose([...big.tensors, ...small.tensors]);
    }
  }
  if (shapes === 'mnist') return;

  // [M x K] * [K x N]: items are rows of the result.
  const M = 512, K = 2048, N = 512, STOCK_M = 64;
  const { native, stock } = kernels('BatchMatMul');
  const a = tf.randomNormal([M, K]), aSmall = tf.randomNormal([STOCK_M, K]), b = tf.randomNormal([K, N]);
  const attrs = { transposeA: false, transposeB: false };
  await runGroup(`BatchMatMul ${M}x${K} * ${K}x${N}`, [
    { name: `BatchMatMul tfjs-backend-cpu (JS), ${STOCK_M} rows`, backend: 'cpu', device: 'cpu', n: STOCK_M, stock: true,
      flopsPerItem: 2 * K * N, fn: call(stock, { a: aSmall, b }, attrs) },
    { name: `BatchMatMul native, ${M} rows`, backend: 'cpu', device: 'cpu', n: M, native: true, flopsPerItem: 2 * K * N,
      fn: call(native, { a, b }, attrs) },
  ], rows);
  tf.dispose([a, aSmall, b]);
}
