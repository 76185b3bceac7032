// Replaces tfjs-backend-cpu's JS kernels for convolutions, matrix products,
// element-wise ops, reductions and copies with native ones. Each native
// kernel keeps the stock kernel it replaced and calls it for anything it does
// not handle (NCHW, other dtypes, zero sizes, broadcast bias shapes), so no
// behaviour is lost. SIMSIAM_NATIVE_CPU=0 keeps the stock kernels (for
// comparisons).
import {
  Abs, Add, BatchMatMul, Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedBatchNorm, FusedConv2D, Max,
  Maximum, Mean, Min, Minimum, Multiply, Neg, PadV2, RealDiv, Relu, Rsqrt, Slice, Sqrt, Square, SquaredDifference,
  Step, Sub, Sum, Tile, _FusedMatMul, getKernel, registerKernel, unregisterKernel, type KernelFunc,
} from '@tensorflow/tfjs-core';
import '../../tf.js';  // the cpu backend registers its kernels on import
import { nativeBatchMatMul } from './BatchMatMul.js';
import { nativeBinary } from './binary.js';
import { nativeConv2D } from './Conv2D.js';
import { nativeConv2DBackpropFilter } from './Conv2DBackpropFilter.js';
import { nativeConv2DBackpropInput } from './Conv2DBackpropInput.js';
import { nativeFusedBatchNorm } from './FusedBatchNorm.js';
import { nativeFusedConv2D } from './FusedConv2D.js';
import { nativePadV2 } from './PadV2.js';
import { nativeReduce } from './reduce.js';
import { BinaryOp, ReduceOp, UnaryOp } from './shape_args.js';
import { nativeSlice } from './Slice.js';
import { nativeTile } from './Tile.js';
import { nativeUnary } from './unary.js';
import { nativeFusedMatMul } from './_FusedMatMul.js';

const OVERRIDES: ReadonlyArray<readonly [string, (stock: KernelFunc) => KernelFunc]> = [
  [Conv2D, nativeConv2D],
  [FusedConv2D, nativeFusedConv2D],
  [Conv2DBackpropInput, nativeConv2DBackpropInput],
  [Conv2DBackpropFilter, nativeConv2DBackpropFilter],
  [BatchMatMul, nativeBatchMatMul],
  [_FusedMatMul, nativeFusedMatMul],
  [Add, nativeBinary(BinaryOp.Add)],
  [Sub, nativeBinary(BinaryOp.Sub)],
  [Multiply, nativeBinary(BinaryOp.Multiply)],
  [RealDiv, nativeBinary(BinaryOp.RealDiv)],
  [SquaredDifference, nativeBinary(BinaryOp.SquaredDifference)],
  [Maximum, nativeBinary(BinaryOp.Maximum)],
  [Minimum, nativeBinary(BinaryOp.Minimum)],
  [Sum, nativeReduce(ReduceOp.Sum, 'axis')],
  [Mean, nativeReduce(ReduceOp.Mean, 'axis')],
  [Max, nativeReduce(ReduceOp.Max, 'reductionIndices')],
  [Min, nativeReduce(ReduceOp.Min, 'axis')],
  [FusedBatchNorm, nativeFusedBatchNorm],
  [Tile, nativeTile],
  [Slice, nativeSlice],
  [PadV2, nativePadV2],
  [Relu, nativeUnary(UnaryOp.Relu)],
  [Step, nativeUnary(UnaryOp.Step)],
  [Sqrt, nativeUnary(UnaryOp.Sqrt)],
  [Rsqrt, nativeUnary(UnaryOp.Rsqrt)],
  [Square, nativeUnary(UnaryOp.Square)],
  [Neg, nativeUnary(UnaryOp.Neg)],
  [Abs, nativeUnary(UnaryOp.Abs)],
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
