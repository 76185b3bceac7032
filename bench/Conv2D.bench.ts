// Native CPU convolution and matmul kernels vs tfjs-backend-cpu's JS kernels
// on the conv shapes of a CIFAR ResNet-18 (forward, input and filter
// gradients) and one large matmul. The kernels are called directly, as the
// engine would. The JS kernels run on batch 1 (they take seconds per image);
// ratios are per image, GFLOP/s is printed on each line.
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

const BATCH = 32, STOCK_BATCH = 1;
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
  const out = Math.ceil(s.hw / s.stride);
  const x = tf.randomNormal([batch, s.hw, s.hw, s.inC]), filter = tf.randomNormal([s.k, s.k, s.inC, s.outC]);
  const dy = tf.randomNormal([batch, out, out, s.outC]);
  const attrs = { strides: s.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  const tensors = [x, filter, dy];
  if (pass === 'forward') return { tensors, name: 'Conv2D', inputs: { x, filter }, attrs };
  if (pass === 'input grad') return { tensors, name: 'Conv2DBackpropInput', inputs: { dy, filter }, attrs: { ...attrs, inputShape: x.shape } };
  return { tensors, name: 'Conv2DBackpropFilter', inputs: { x, dy }, attrs: { ...attrs, filterShape: filter.shape } };
}

export async function benchConv(rows: BenchRow[]): Promise<void> {
  await tf.setBackend('cpu');
  for (const s of SHAPES) {
    const out = Math.ceil(s.hw / s.stride);
    const flopsPerImage = 2 * out * out * s.outC * s.k * s.k * s.inC;
    for (const pass of ['forward', 'input grad', 'filter grad'] as const) {
      const big = convCases(s, pass, BATCH), small = convCases(s, pass, STOCK_BATCH);
      const { native, stock } = kernels(big.name);
      const label = `${big.name} ${s.name}`;
      const cases: BenchCase[] = [
        { name: `tfjs-backend-cpu (JS), batch ${STOCK_BATCH}`, backend: 'cpu', device: 'cpu', n: STOCK_BATCH, stock: true,
          flopsPerItem: flopsPerImage, fn: call(stock, small.inputs, small.attrs) },
        { name: `native, batch ${BATCH}`, backend: 'cpu', device: 'cpu', n: BATCH, native: true, flopsPerItem: flopsPerImage,
          fn: call(native, big.inputs, big.attrs) },
      ];
      await runGroup(`${label} (${pass})`, cases.map((c) => ({ ...c, name: `${label} ${c.name}` })), rows);
      tf.dispose([...big.tensors, ...small.tensors]);
    }
  }

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
