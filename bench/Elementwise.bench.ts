// Native element-wise, reduction and copy kernels vs tfjs-backend-cpu's JS
// kernels on the BatchNorm shapes of a training step (ResNet-18 CIFAR, width
// 1/8: NHWC activations [N, 28, 28, 8] and their per-channel statistics). The
// kernels are called directly, as the engine would; each call allocates its
// output, as in training. Items are images of the batch (the JS kernels run on
// a smaller batch, ratios are per image); GB/s counts the bytes each call
// reads and writes once (float32).
import { getKernel, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../src/index.js';
import { stockCpuKernel } from '../src/kernels/cpu/register_all_kernels.js';
import { runGroup, type BenchCase, type BenchRow } from './harness.js';

const H = 28, C = 8, BATCH = 128, STOCK_BATCH = 16;
const backend = () => tf.engine().backend;

function call(kernel: KernelFunc, inputs: NamedTensorInfoMap, attrs: Record<string, unknown>): () => void {
  return () => {
    const out = kernel({ inputs, backend: backend(), attrs: attrs as never }) as TensorInfo;
    backend().disposeData(out.dataId);
  };
}

interface ElementwiseCase {
  name: string;
  kernel: string;
  /** The inputs for a batch of n images, and the floats read + written per image. */
  make: (n: number) => { inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown>; floatsPerImage: number };
}

const act = (n: number, h = H) => tf.randomNormal([n, h, h, C]);
const perImage = H * H * C;

const CASES: ElementwiseCase[] = [
  { name: 'Multiply [N,28,28,8] * [N,28,28,8]', kernel: 'Multiply',
    make: (n) => ({ inputs: { a: act(n), b: act(n) }, attrs: {}, floatsPerImage: 3 * perImage }) },
  { name: 'Multiply [N,28,28,8] * [8]', kernel: 'Multiply',
    make: (n) => ({ inputs: { a: act(n), b: tf.randomNormal([C]) }, attrs: {}, floatsPerImage: 2 * perImage }) },
  { name: 'Sub [N,28,28,8] - [1,1,1,8]', kernel: 'Sub',
    make: (n) => ({ inputs: { a: act(n), b: tf.randomNormal([1, 1, 1, C]) }, attrs: {}, floatsPerImage: 2 * perImage }) },
  { name: 'RealDiv [N,28,28,8] / scalar', kernel: 'RealDiv',
    make: (n) => ({ inputs: { a: act(n), b: tf.scalar(3) }, attrs: {}, floatsPerImage: 2 * perImage }) },
  { name: 'Sum [N,28,28,8] over [0,1,2]', kernel: 'Sum',
    make: (n) => ({ inputs: { x: act(n) }, attrs: { axis: [0, 1, 2], keepDims: false }, floatsPerImage: perImage }) },
  { name: 'Mean [N,28,28,8] over [0,1,2], keepDims', kernel: 'Mean',
    make: (n) => ({ inputs: { x: act(n) }, attrs: { axis: [0, 1, 2], keepDims: true }, floatsPerImage: perImage }) },
  { name: 'Tile [1,1,1,8] -> [N,28,28,8]', kernel: 'Tile',
    make: (n) => ({ inputs: { x: tf.randomNormal([1, 1, 1, C]) }, attrs: { reps: [n, H, H, 1] }, floatsPerImage: perImage }) },
  { name: 'FusedBatchNorm [N,28,28,8], [8] params', kernel: 'FusedBatchNorm',
    make: (n) => ({ inputs: { x: act(n), mean: tf.randomNormal([C]), variance: tf.randomUniform([C], 0.5, 2),
      offset: tf.randomNormal([C]), scale: tf.randomNormal([C]) }, attrs: { varianceEpsilon: 1e-5 }, floatsPerImage: 2 * perImage }) },
  { name: 'Relu [N,28,28,8]', kernel: 'Relu',
    make: (n) => ({ inputs: { x: act(n) }, attrs: {}, floatsPerImage: 2 * perImage }) },
  { name: 'PadV2 [N,28,28,8] -> [N,30,30,8]', kernel: 'PadV2',
    make: (n) => ({ inputs: { x: act(n) }, attrs: { paddings: [[0, 0], [1, 1], [1, 1], [0, 0]], constantValue: 0 },
      floatsPerImage: perImage + (H + 2) * (H + 2) * C }) },
  { name: 'Slice [N,30,30,8] -> [N,28,28,8]', kernel: 'Slice',
    make: (n) => ({ inputs: { x: act(n, H + 2) }, attrs: { begin: [0, 1, 1, 0], size: [n, H, H, C] }, floatsPerImage: 2 * perImage }) },
];

export async function benchElementwise(rows: BenchRow[]): Promise<void> {
  await tf.setBackend('cpu');
  for (const c of CASES) {
    const stock = stockCpuKernel(c.kernel), native = getKernel(c.kernel, 'cpu')?.kernelFunc;
    if (!stock || !native) throw new Error(`${c.kernel}: the native cpu kernels are not registered (SIMSIAM_NATIVE_CPU=0?)`);
    const big = c.make(BATCH), small = c.make(STOCK_BATCH);
    const bytes = 4 * big.floatsPerImage;
    await runGroup(c.name, [
      { name: `${c.name} tfjs-backend-cpu (JS), batch ${STOCK_BATCH}`, backend: 'cpu', device: 'cpu', n: STOCK_BATCH,
        stock: true, bytesPerItem: bytes, fn: call(stock, small.inputs, small.attrs) },
      { name: `${c.name} native, batch ${BATCH}`, backend: 'cpu', device: 'cpu', n: BATCH, native: true, bytesPerItem: bytes,
        fn: call(native, big.inputs, big.attrs) },
    ], rows);
    tf.dispose([...Object.values(big.inputs), ...Object.values(small.inputs)]);
  }
}
