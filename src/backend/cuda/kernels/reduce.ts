// Reductions on float32 over any set of axes, in place (native/kernels/Reduce.{cc,cu}):
// Sum, Mean (attr `axis`), Max (attr `reductionIndices`), Min (attr `axis`),
// with keepDims. Sum and Mean accumulate in double. Max and Min visit the
// reduced elements in row-major order, as tfjs-backend-cpu does when the axes
// are in increasing order; other axis orders (where tfjs's transpose decides
// between -0 and +0), other dtypes (int32 Sum, ...), empty tensors, bad axes
// (the stock kernel words the error) and ranks above 8 run on the host.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { ReduceOp } from '../../../kernels/shared/op_codes.js';
import { SHAPE_ARGS, reduceArgs } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

function reduceKernel(kernelName: keyof typeof ReduceOp, axisAttr: 'axis' | 'reductionIndices'): KernelConfig {
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

export const reduceKernels: KernelConfig[] = [
  reduceKernel('Sum', 'axis'),
  reduceKernel('Mean', 'axis'),
  reduceKernel('Max', 'reductionIndices'),
  reduceKernel('Min', 'axis'),
];
