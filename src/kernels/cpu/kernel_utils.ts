// Shared by the native cpu kernels: their config type, the element-wise and
// reduction families, and the bias/activation epilogue of the fused kernels.
import type { KernelFunc, StepAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { ACTIVATIONS, BinaryOp, ReduceOp, UnaryOp } from '../shared/op_codes.js';
import { SHAPE_ARGS, broadcastArgs, isFloat32Tensor, reduceArgs, sizeOf } from '../shared/shape_args.js';

/**
 * A native kernel for the `cpu` backend: `wrap` gets tfjs-backend-cpu's
 * kernel of that name (the stock kernel) and returns the replacement, which
 * calls the stock kernel for anything it does not handle.
 */
export interface NativeCpuKernel {
  kernelName: string;
  wrap(stock: KernelFunc): KernelFunc;
}

/**
 * One native pass with NumPy broadcasting for float32 (bit-identical to the
 * JS kernels); other dtypes, complex and shapes that do not broadcast run the
 * stock kernel.
 */
export function binaryKernel(kernelName: keyof typeof BinaryOp): NativeCpuKernel {
  const op = BinaryOp[kernelName];
  return {
    kernelName,
    wrap: (stock) => (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (!isFloat32Tensor(a) || !isFloat32Tensor(b)) return stock(args);
      const outShape = broadcastArgs(a.shape, b.shape);
      if (!outShape) return stock(args);
      const { backend } = args;
      const y = outputFloat32(backend, sizeOf(outShape));
      native.binary(op, hostFloat32(backend, a), hostFloat32(backend, b), y, SHAPE_ARGS);
      return outputTensor(backend, outShape, y);
    },
  };
}

/** Native for float32 (bit-identical to the JS kernels), the stock kernel for other dtypes. */
export function unaryKernel(kernelName: keyof typeof UnaryOp): NativeCpuKernel {
  const op = UnaryOp[kernelName];
  return {
    kernelName,
    wrap: (stock) => (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (!isFloat32Tensor(x)) return stock(args);
      const { backend } = args;
      const values = hostFloat32(backend, x);
      if (values.length !== sizeOf(x.shape)) return stock(args);
      const alpha = op === UnaryOp.Step ? Number((args.attrs as unknown as StepAttrs).alpha) : 0;
      const y = outputFloat32(backend, values.length);
      native.unary(op, values, y, alpha);
      return outputTensor(backend, x.shape, y);
    },
  };
}

/**
 * Native for float32 over any axes, in place (the JS kernels transpose the
 * reduced axes to the end first). Sum and Mean accumulate in double
 * (native/kernels/Reduce.h), so they differ from the JS kernels by float
 * rounding only; Max and Min return the same values. Other dtypes, bad or
 * repeated axes and empty tensors run the stock kernel.
 */
export function reduceKernel(kernelName: keyof typeof ReduceOp, axisAttr: 'axis' | 'reductionIndices'): NativeCpuKernel {
  const op = ReduceOp[kernelName];
  const ordered = op === ReduceOp.Max || op === ReduceOp.Min;
  return {
    kernelName,
    wrap: (stock) => (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (!isFloat32Tensor(x)) return stock(args);
      const attrs = args.attrs as Record<string, unknown>;
      const outShape = reduceArgs(x.shape, attrs[axisAttr], !!attrs.keepDims, ordered);
      if (!outShape) return stock(args);
      const { backend } = args;
      const y = outputFloat32(backend, sizeOf(outShape));
      native.reduce(op, hostFloat32(backend, x), y, SHAPE_ARGS);
      return outputTensor(backend, outShape, y);
    },
  };
}

export interface NativeEpilogue {
  bias: Float32Array | null;
  prelu: Float32Array | null;
  activation: number;
  leakyAlpha: number;
}

// Natively only bias and PReLU weights that broadcast along the last (channel)
// axis alone: shapes [], [1], [N], [1, ..., 1, N] of rank <= the output's.
function perChannel(t: TensorInfo, outShape: number[]): boolean {
  const n = outShape[outShape.length - 1];
  const s = t.shape;
  if (t.dtype !== 'float32' || s.length > outShape.length) return false;
  if (s.slice(0, -1).some((d) => d !== 1)) return false;
  return s.length === 0 || s[s.length - 1] === 1 || s[s.length - 1] === n;
}

/**
 * The bias and activation of FusedConv2D / _FusedMatMul (native/gemm/Epilogue.h:
 * y = act(y + bias)), or null where the stock kernel must run.
 */
export function nativeEpilogue(backend: unknown, outShape: number[], bias: TensorInfo | undefined,
  preluWeights: TensorInfo | undefined, activation: string | undefined, leakyreluAlpha: number | undefined,
): NativeEpilogue | null {
  // The stock kernels skip a falsy activation and throw on an unknown one.
  const code = activation ? ACTIVATIONS[activation] : 0;
  if (code === undefined) return null;
  if (bias && !perChannel(bias, outShape)) return null;
  const usesPrelu = activation === 'prelu';
  if (usesPrelu && (!preluWeights || !perChannel(preluWeights, outShape))) return null;
  return {
    bias: bias ? hostFloat32(backend, bias) : null,
    prelu: usesPrelu ? hostFloat32(backend, preluWeights as TensorInfo) : null,
    activation: code,
    // LeakyRelu with an undefined alpha gives NaN for x < 0 in the stock kernel too.
    leakyAlpha: leakyreluAlpha ?? NaN,
  };
}
