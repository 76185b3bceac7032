// BatchNormTrainingGrad (src/kernels/BatchNormTrainingGrad.ts) on the device:
// native/kernels/BatchNormTraining.{cc,cu}. x is viewed as [M, C].
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { BATCH_NORM_TRAINING_GRAD } from '../../../kernels/BatchNormTrainingGrad.js';
import { isFloat32, rowsAndChannels } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const batchNormTrainingGradConfig = cudaKernel(BATCH_NORM_TRAINING_GRAD, (args) => {
  const { dy, x, gamma, mean, variance, dMean, dVariance } = args.inputs as Record<string, TensorInfo>;
  const optional = [dMean, dVariance].filter((t) => t != null);
  if (!isFloat32(dy, x, gamma, mean, variance, ...optional)) return runOnHost(BATCH_NORM_TRAINING_GRAD, args);
  const { backend } = args;
  const [M, C] = rowsAndChannels(x.shape);
  const dx = backend.makeOutput(x.shape, 'float32', BATCH_NORM_TRAINING_GRAD);
  const dgamma = backend.makeOutput([C], 'float32', BATCH_NORM_TRAINING_GRAD);
  const dbeta = backend.makeOutput([C], 'float32', BATCH_NORM_TRAINING_GRAD);
  try {
    native.device.batchNormTrainingGrad(backend.bufferOf(dy), backend.bufferOf(x), M, C, backend.bufferOf(gamma),
      backend.bufferOf(mean), backend.bufferOf(variance),
      // The engine's zeros for unused mean/variance outputs (the usual case) stay on the host.
      dMean && !backend.isHostZeros(dMean) ? backend.bufferOf(dMean) : null,
      dVariance && !backend.isHostZeros(dVariance) ? backend.bufferOf(dVariance) : null, args.attrs.epsilon as number,
      backend.bufferOf(dx), backend.bufferOf(dgamma), backend.bufferOf(dbeta));
  } catch (e) {
    for (const t of [dx, dgamma, dbeta]) backend.disposeIntermediateTensorInfo(t);
    throw e;
  }
  return [dx, dgamma, dbeta];
});
