// Broadcasting binary kernels on float32 (native/kernels/Elementwise.{cc,cu}):
// Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum, Minimum, Pow.
// Other dtypes run on the host (host_fallback.ts).
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, broadcastArgs } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, isFloat32 } from '../kernel_utils.js';
import { BinaryOp } from '../../../kernels/shared/op_codes.js';

function binaryKernel(kernelName: keyof typeof BinaryOp): KernelConfig {
  const op = BinaryOp[kernelName];
  return cudaKernel(kernelName, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (!isFloat32(a, b)) return runOnHost(kernelName, args);
    const outShape = broadcastArgs(a.shape, b.shape);
    if (!outShape) {
      backend_util.assertAndGetBroadcastShape(a.shape, b.shape);  // throws tfjs's message
      return runOnHost(kernelName, args);  // rank above the native limit
    }
    const { backend } = args;
    const y = backend.makeOutput(outShape, 'float32', kernelName);
    native.device.binary(op, backend.bufferOf(a), backend.bufferOf(b), backend.bufferOf(y), SHAPE_ARGS);
    return y;
  });
}

export const binaryKernels: KernelConfig[] = (Object.keys(BinaryOp) as Array<keyof typeof BinaryOp>).map(binaryKernel);
