// tfjs kernel `MovingAverage`: current, value (same shape) and attr decay ->
// current - (current - value) * decay, tfjs-layers' moving-statistics update
// of BatchNormalization (src/model/fused_batchnorm.ts) in one pass, where the
// composition takes three kernels and uploads the decay as a scalar; results
// bit-identical to it (native/kernels/MovingAverage.h). Not differentiable.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputFloat32, outputTensor } from './host_io.js';
import { sizeOf } from './shared/shape_args.js';

export const MOVING_AVERAGE = 'MovingAverage';

const hostKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { current, value } = inputs as { current: TensorInfo; value: TensorInfo };
  const y = outputFloat32(backend, sizeOf(current.shape));
  native.movingAverage(hostFloat32(backend, current), hostFloat32(backend, value), attrs!.decay as number, y);
  return outputTensor(backend, current.shape, y);
};

export const movingAverageConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: MOVING_AVERAGE, backendName, kernelFunc: hostKernel,
}));
