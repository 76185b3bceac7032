// AddN of float32 or int32 tensors of one shape, summed in input order
// (native/kernels/Select.{cc,cu}); other cases run on the host.
import { AddN, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType } from '../shared/movement.js';

export const addNConfig = cudaKernel(AddN, (args) => {
  const inputs = args.inputs as unknown as TensorInfo[];
  const { dtype, shape } = inputs[0];
  if ((dtype !== 'float32' && dtype !== 'int32') ||
    inputs.some((t) => t.dtype !== dtype || !util.arraysEqual(t.shape, shape))) return runOnHost(AddN, args);
  const { backend } = args;
  const y = backend.makeOutput(shape, dtype, AddN);
  const n = sizeOf(shape);
  if (n > 0) native.device.addN(ElementType[dtype]!, inputs.map((t) => backend.bufferOf(t)), backend.bufferOf(y), n);
  return y;
});
