// Select: condition (bool), t, e of one shape, t and e of one dtype
// (native/kernels/Select.{cc,cu}); other cases run on the host.
import { Select, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice } from '../shared/movement.js';

export const selectConfig = cudaKernel(Select, (args) => {
  const { condition, t, e } = args.inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
  if (condition.dtype !== 'bool' || t.dtype !== e.dtype || !onDevice(t) ||
    !util.arraysEqual(condition.shape, t.shape) || !util.arraysEqual(e.shape, t.shape)) return runOnHost(Select, args);
  const { backend } = args;
  const y = backend.makeOutput(t.shape, t.dtype, Select);
  const n = sizeOf(t.shape);
  if (n > 0) {
    native.device.select(backend.bufferOf(condition), backend.bufferOf(t), backend.bufferOf(e), backend.bufferOf(y), n,
      bytesPerElement(t.dtype));
  }
  return y;
});
