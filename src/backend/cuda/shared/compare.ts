// Comparisons to bool with broadcasting (native/kernels/Compare.{cc,cu}):
// float32, int32 or bool operands of one dtype; LogicalAnd / LogicalOr on
// bool only. Mixed dtypes run on the host.
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, broadcastArgs } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType } from './movement.js';

/** CompareOp in native/kernels/MovementOps.h. */
export const CompareOp = {
  Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5, LogicalAnd: 6, LogicalOr: 7,
} as const;

export function compareKernel(kernelName: keyof typeof CompareOp): KernelConfig {
  const op = CompareOp[kernelName];
  const logical = kernelName === 'LogicalAnd' || kernelName === 'LogicalOr';
  return cudaKernel(kernelName, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const type = ElementType[a.dtype];
    if (type === undefined || a.dtype !== b.dtype || (logical && a.dtype !== 'bool')) return runOnHost(kernelName, args);
    const outShape = broadcastArgs(a.shape, b.shape);
    if (!outShape) {
      backend_util.assertAndGetBroadcastShape(a.shape, b.shape);  // throws tfjs's message
      return runOnHost(kernelName, args);  // rank above the native limit, empty tensors
    }
    const { backend } = args;
    const y = backend.makeOutput(outShape, 'bool', kernelName);
    native.device.compare(op, type, backend.bufferOf(a), backend.bufferOf(b), backend.bufferOf(y), SHAPE_ARGS);
    return y;
  });
}
