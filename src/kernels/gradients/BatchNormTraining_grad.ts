// The gradient of BatchNormTraining: all three input gradients from one
// BatchNormTrainingGrad call; the engine disposes the unused ones.
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import { BATCH_NORM_TRAINING } from '../BatchNormTraining.js';
import { BATCH_NORM_TRAINING_GRAD } from '../BatchNormTrainingGrad.js';

export const batchNormTrainingGradient: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as Tensor[];
    const [x, gamma, mean, variance] = saved;
    // dMean/dVariance are zeros unless something differentiable used those outputs.
    const inputs = { dy, x, gamma, mean, variance, dMean, dVariance };
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, inputs, attrs as Record<string, never>) as Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
