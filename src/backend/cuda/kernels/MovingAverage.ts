// MovingAverage on the device (src/kernels/MovingAverage.ts has the
// semantics; native/kernels/MovingAverage.{cc,cu}).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { MOVING_AVERAGE } from '../../../kernels/MovingAverage.js';
import { isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const movingAverageConfig = cudaKernel(MOVING_AVERAGE, (args) => {
  const { current, value } = args.inputs as { current: TensorInfo; value: TensorInfo };
  if (!isFloat32(current, value)) return runOnHost(MOVING_AVERAGE, args);
  const { backend } = args;
  const y = backend.makeOutput(current.shape, 'float32', MOVING_AVERAGE);
  native.device.movingAverage(backend.bufferOf(current), backend.bufferOf(value), backend.data.get(current.dataId)!.size,
    args.attrs.decay as number, backend.bufferOf(y));
  return y;
});
