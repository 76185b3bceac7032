// batchNormTraining: BatchNorm with batch statistics over every axis but the
// last, as one differentiable op (kernel BatchNormTraining).
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { BATCH_NORM_TRAINING } from '../kernels/BatchNormTraining.js';

export function batchNormTraining(x: Tensor, gamma: Tensor1D, beta: Tensor1D, epsilon: number): { y: Tensor; mean: Tensor1D; variance: Tensor1D } {
  const C = x.shape[x.rank - 1];
  if (x.dtype !== 'float32' || x.rank < 2 || gamma.size !== C || beta.size !== C)
    throw new RangeError(`batchNormTraining: expected float32 x [..., C] with gamma and beta [C]; got x [${x.shape}], gamma [${gamma.shape}], beta [${beta.shape}]`);
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma: tf.reshape(gamma, [C]), beta: tf.reshape(beta, [C]) }, { epsilon }) as Tensor[];
  return { y, mean: mean as Tensor1D, variance: variance as Tensor1D };
}
