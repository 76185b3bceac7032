// LogicalNot on bool (native/kernels/Compare.{cc,cu}).
import { LogicalNot, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const logicalNotConfig = cudaKernel(LogicalNot, (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype !== 'bool') return runOnHost(LogicalNot, args);
  const { backend } = args;
  const y = backend.makeOutput(x.shape, 'bool', LogicalNot);
  const n = sizeOf(x.shape);
  if (n > 0) native.device.logicalNot(backend.bufferOf(x), backend.bufferOf(y), n);
  return y;
});
