// The reduction kernel families on float32.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { ReduceOp } from '../../../kernels/shared/op_codes.js';
import { SHAPE_ARGS, reduceArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

/**
 * Sum, Mean, Max, Min over any set of axes, in place (native/kernels/Reduce.{cc,cu}),
 * with keepDims. Sum and Mean accumulate in double. Max and Min visit the
 * reduced elements in row-major order, as tfjs-backend-cpu does when the axes
 * are in increasing order; other axis orders (where tfjs's transpose decides
 * between -0 and +0), other dtypes (int32 Sum, ...), empty tensors, bad axes
 * (the stock kernel words the error) and ranks above 8 run on the host.
 */
export function reduceKernel(kernelName: keyof typeof ReduceOp, axisAttr: 'axis' | 'reductionIndices'): KernelConfig {
  const op = ReduceOp[kernelName];
  const ordered = op === ReduceOp.Max || op === ReduceOp.Min;
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return runOnHost(kernelName, args);
    const outShape = reduceArgs(x.shape, args.attrs[axisAttr], !!args.attrs.keepDims, ordered);
    if (!outShape) return runOnHost(kernelName, args);
    const { backend } = args;
    const y = backend.makeOutput(outShape, 'float32', kernelName);
    native.device.reduce(op, backend.bufferOf(x), backend.bufferOf(y), SHAPE_ARGS);
    return y;
  });
}

/**
 * ArgMax / ArgMin along one axis (native/kernels/ArgMinMax.{cc,cu}): int32
 * index of the first extreme value, tfjs-backend-cpu's NaN rule (a NaN first
 * element wins, later NaNs never do). Other dtypes, scalars, empty tensors
 * and bad axes run on the host (the stock kernel words the errors).
 */
export function argMinMaxKernel(kernelName: 'ArgMax' | 'ArgMin'): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    const rank = x.shape.length;
    const attr = args.attrs.axis;
    const a = Array.isArray(attr) ? attr[0] : attr;
    const size = sizeOf(x.shape);
    if (x.dtype !== 'float32' || rank === 0 || size === 0 || typeof a !== 'number' || !Number.isInteger(a) ||
      a < -rank || a >= rank) return runOnHost(kernelName, args);
    const axis = a < 0 ? a + rank : a;
    let outer = 1, inner = 1;
    for (let d = 0; d < axis; d++) outer *= x.shape[d];
    for (let d = axis + 1; d < rank; d++) inner *= x.shape[d];
    const { backend } = args;
    const y = backend.makeOutput(x.shape.filter((_, d) => d !== axis), 'int32', kernelName);
    native.device.argMinMax(kernelName === 'ArgMax' ? 1 : 0, backend.bufferOf(x), backend.bufferOf(y),
      outer, x.shape[axis], inner);
    return y;
  });
}
