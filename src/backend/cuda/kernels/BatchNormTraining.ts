// BatchNormTraining (this package's kernel, src/kernels/BatchNormTraining.ts;
// every BatchNormalization layer in training through
// src/model/fused_batchnorm.ts) on the device:
// native/kernels/BatchNormTraining.{cc,cu}. x is viewed as [M, C].
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { BATCH_NORM_TRAINING } from '../../../kernels/BatchNormTraining.js';
import { isFloat32, rowsAndChannels } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const batchNormTrainingConfig = cudaKernel(BATCH_NORM_TRAINING, (args) => {
  const { x, gamma, beta } = args.inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  if (!isFloat32(x, gamma, beta) || x.shape.length < 1) return runOnHost(BATCH_NORM_TRAINING, args);
  const { backend } = args;
  const [M, C] = rowsAndChannels(x.shape);
  const y = backend.makeOutput(x.shape, 'float32', BATCH_NORM_TRAINING);
  const mean = backend.makeOutput([C], 'float32', BATCH_NORM_TRAINING);
  const variance = backend.makeOutput([C], 'float32', BATCH_NORM_TRAINING);
  try {
    native.device.batchNormTraining(backend.bufferOf(x), M, C, backend.bufferOf(gamma), backend.bufferOf(beta),
      args.attrs.epsilon as number, backend.bufferOf(y), backend.bufferOf(mean), backend.bufferOf(variance));
  } catch (e) {
    for (const t of [y, mean, variance]) backend.disposeIntermediateTensorInfo(t);
    throw e;
  }
  return [y, mean, variance];
});
