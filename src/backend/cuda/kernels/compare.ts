// Comparisons Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual on
// float32, int32 or bool operands of one dtype, and LogicalAnd, LogicalOr,
// LogicalNot on bool, to bool with broadcasting (native/kernels/
// Compare.{cc,cu}). Mixed dtypes run on the host.
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, broadcastArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { CompareOp, ElementType } from './movement_codes.js';

function compareKernel(kernelName: keyof typeof CompareOp): KernelConfig {
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

export const compareKernels: KernelConfig[] = [
  ...(Object.keys(CompareOp) as Array<keyof typeof CompareOp>).map(compareKernel),
  cudaKernel('LogicalNot', (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'bool') return runOnHost('LogicalNot', args);
    const { backend } = args;
    const y = backend.makeOutput(x.shape, 'bool', 'LogicalNot');
    const n = sizeOf(x.shape);
    if (n > 0) native.device.logicalNot(backend.bufferOf(x), backend.bufferOf(y), n);
    return y;
  }),
];
