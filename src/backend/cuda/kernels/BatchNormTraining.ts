// BatchNormTraining / BatchNormTrainingGrad (this package's kernels,
// src/kernels/BatchNormTraining.ts; every BatchNormalization layer in training
// through src/model/fused_batchnorm.ts) on the device:
// native/kernels/BatchNormTraining.{cc,cu}. x is viewed as [M, C].
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../../../kernels/BatchNormTraining.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, isFloat32 } from '../kernel_utils.js';

function rowsAndChannels(shape: number[]): [number, number] {
  const C = shape[shape.length - 1];
  return [shape.reduce((a, b) => a * b, 1) / C, C];
}

export const batchNormTrainingKernels: KernelConfig[] = [
  cudaKernel(BATCH_NORM_TRAINING, (args) => {
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
  }),
  cudaKernel(BATCH_NORM_TRAINING_GRAD, (args) => {
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
  }),
];
