// Replaces tfjs-backend-cpu's JS kernels for convolutions and matrix products
// with native ones. Each native kernel keeps the stock kernel it replaced and
// calls it for anything it does not handle (NCHW, other dtypes, zero sizes,
// broadcast bias shapes), so no behaviour is lost. SIMSIAM_NATIVE_CPU=0 keeps
// the stock kernels (for comparisons).
import {
  BatchMatMul, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedConv2D, _FusedMatMul,
  getKernel, registerKernel, unregisterKernel, type KernelFunc,
} from '@tensorflow/tfjs-core';
import '../../tf.js';  // the cpu backend registers its kernels on import
import { nativeBatchMatMul } from './BatchMatMul.js';
import { nativeConv2D } from './Conv2D.js';
import { nativeConv2DBackpropFilter } from './Conv2DBackpropFilter.js';
import { nativeConv2DBackpropInput } from './Conv2DBackpropInput.js';
import { nativeFusedConv2D } from './FusedConv2D.js';
import { nativeFusedMatMul } from './_FusedMatMul.js';

const OVERRIDES: ReadonlyArray<readonly [string, (stock: KernelFunc) => KernelFunc]> = [
  [Conv2D, nativeConv2D],
  [FusedConv2D, nativeFusedConv2D],
  [Conv2DBackpropInput, nativeConv2DBackpropInput],
  [Conv2DBackpropFilter, nativeConv2DBackpropFilter],
  [BatchMatMul, nativeBatchMatMul],
  [_FusedMatMul, nativeFusedMatMul],
];

/** Kernel names this module overrides on the `cpu` backend. */
export const NATIVE_CPU_KERNELS: readonly string[] = OVERRIDES.map(([name]) => name);

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
  for (const [name, make] of OVERRIDES) {
    const current = getKernel(name, 'cpu');
    if (!current) continue;  // no cpu backend
    let ours = nativeKernels.get(name);
    if (!ours) {
      stockKernels.set(name, current.kernelFunc);
      ours = make(current.kernelFunc);
      nativeKernels.set(name, ours);
    }
    replace(name, ours);
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
