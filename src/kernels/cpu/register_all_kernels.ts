// Replaces tfjs-backend-cpu's JS kernels for convolutions, matrix products,
// element-wise ops, reductions and copies with native ones (one file per
// kernel, named after it). Each native kernel keeps the stock kernel it
// replaced and calls it for anything it does not handle (NCHW, other dtypes,
// zero sizes, broadcast bias shapes), so no behaviour is lost.
// SIMSIAM_NATIVE_CPU=0 keeps the stock kernels (for comparisons).
import { getKernel, registerKernel, unregisterKernel, type KernelFunc } from '@tensorflow/tfjs-core';
import '../../tf.js';  // the cpu backend registers its kernels on import
import type { NativeCpuKernel } from './kernel_utils.js';
import { absConfig } from './Abs.js';
import { addConfig } from './Add.js';
import { batchMatMulConfig } from './BatchMatMul.js';
import { conv2DConfig } from './Conv2D.js';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput.js';
import { fusedBatchNormConfig } from './FusedBatchNorm.js';
import { fusedConv2DConfig } from './FusedConv2D.js';
import { maxConfig } from './Max.js';
import { maximumConfig } from './Maximum.js';
import { meanConfig } from './Mean.js';
import { minConfig } from './Min.js';
import { minimumConfig } from './Minimum.js';
import { multiplyConfig } from './Multiply.js';
import { negConfig } from './Neg.js';
import { padV2Config } from './PadV2.js';
import { realDivConfig } from './RealDiv.js';
import { reluConfig } from './Relu.js';
import { rsqrtConfig } from './Rsqrt.js';
import { sliceConfig } from './Slice.js';
import { sqrtConfig } from './Sqrt.js';
import { squareConfig } from './Square.js';
import { squaredDifferenceConfig } from './SquaredDifference.js';
import { stepConfig } from './Step.js';
import { subConfig } from './Sub.js';
import { sumConfig } from './Sum.js';
import { tileConfig } from './Tile.js';
import { _fusedMatMulConfig } from './_FusedMatMul.js';

const KERNELS: readonly NativeCpuKernel[] = [
  absConfig,
  addConfig,
  batchMatMulConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  maxConfig,
  maximumConfig,
  meanConfig,
  minConfig,
  minimumConfig,
  multiplyConfig,
  negConfig,
  padV2Config,
  realDivConfig,
  reluConfig,
  rsqrtConfig,
  sliceConfig,
  sqrtConfig,
  squareConfig,
  squaredDifferenceConfig,
  stepConfig,
  subConfig,
  sumConfig,
  tileConfig,
  _fusedMatMulConfig,
];

const stockKernels = new Map<string, KernelFunc>();
const nativeKernels = new Map<string, KernelFunc>();

function replace(name: string, kernelFunc: KernelFunc): void {
  const current = getKernel(name, 'cpu');
  if (!current || current.kernelFunc === kernelFunc) return;
  unregisterKernel(name, 'cpu');  // registerKernel alone warns about the existing key
  registerKernel({ ...current, kernelFunc });
}

/** Registers the native kernels on `cpu` (idempotent; a no-op with SIMSIAM_NATIVE_CPU=0). */
export function registerNativeCpuKernels(): void {
  if (process.env.SIMSIAM_NATIVE_CPU === '0') return;
  for (const { kernelName, wrap } of KERNELS) {
    const current = getKernel(kernelName, 'cpu');
    if (!current) continue;  // no cpu backend
    let ours = nativeKernels.get(kernelName);
    if (!ours) {
      stockKernels.set(kernelName, current.kernelFunc);
      ours = wrap(current.kernelFunc);
      nativeKernels.set(kernelName, ours);
    }
    replace(kernelName, ours);
  }
}

/** Puts tfjs-backend-cpu's own kernels back (until registerNativeCpuKernels is called again). */
export function unregisterNativeCpuKernels(): void {
  for (const [name, kernelFunc] of stockKernels) replace(name, kernelFunc);
}

/** The stock tfjs-backend-cpu kernel that the native one replaced, if it did. */
export function stockCpuKernel(name: string): KernelFunc | undefined {
  return stockKernels.get(name);
}
