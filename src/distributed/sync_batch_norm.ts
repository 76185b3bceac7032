// SyncBatchNorm (--sync-bn): BatchNorm whose batch statistics are those of the
// global batch, every data-parallel worker's rows together, as PyTorch's
// SyncBatchNorm. Forward: the per-channel sum of x and then of (x - mean)^2 are
// summed over the workers (in double); backward: sum dy and sum dy * xhat are,
// and dx follows from them and the global row count. dgamma and dbeta stay
// this worker's sums: the gradient all-reduce adds them up with the rest.
// With one worker the results are those of batchNormTraining bit for bit (the
// same native phases, kernels/BatchNormTraining.h). Host backends only: the
// statistics are reduced on the host.
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { tf } from '../tf.js';
import type { TrainingBatchNorm } from '../model/fused_batchnorm.js';
import type { ProcessGroup } from './process_group.js';

const f32 = (t: Tensor): Float32Array => {
  const d = t.dataSync();
  return d instanceof Float32Array ? d : Float32Array.from(d);
};

/** The training BatchNorm of a process group's global batch. */
export function syncBatchNorm(group: ProcessGroup): TrainingBatchNorm {
  return (x, gamma, beta, epsilon) => {
    const backend = tf.getBackend();
    if (backend !== 'cpu' && backend !== 'tensorflow')
      throw new Error(`--sync-bn runs on the host backends (cpu, tensorflow), not on ${backend}: train with --device cpu or without --sync-bn`);
    const C = x.shape[x.rank - 1], M = x.size / C;
    const xd = f32(x);
    // [sum x (C), rows]: the global mean.
    const sums = new Float64Array(C + 1);
    native.batchNormSums(xd, M, C, null, sums.subarray(0, C));
    sums[C] = M;
    group.allreduceSync(sums);
    const count = sums[C];
    const mean = Float32Array.from(sums.subarray(0, C), (s) => s / count);
    // sum (x - mean)^2 over every row: the global (biased) variance, without cancellation.
    const squares = new Float64Array(C);
    native.batchNormSums(xd, M, C, mean, squares);
    group.allreduceSync(squares);
    const variance = Float32Array.from(squares, (s) => s / count);
    const normalise = tf.customGrad((xIn, g, b) => {
      const gd = f32(g as Tensor);
      const y = new Float32Array(M * C);
      native.batchNormApply(xd, M, C, gd, f32(b as Tensor), mean, variance, epsilon, y);
      return {
        value: tf.tensor(y, (xIn as Tensor).shape, 'float32'),
        gradFunc: (dy: Tensor | Tensor[]) => {
          const dyd = f32(dy as Tensor);
          const grad = new Float64Array(2 * C);
          native.batchNormGradSums(dyd, xd, M, C, mean, variance, epsilon, grad);
          // This worker's dbeta, dgamma (sum dy, sum dy * xhat) before the sums go global.
          const dbeta = Float32Array.from(grad.subarray(0, C)), dgamma = Float32Array.from(grad.subarray(C));
          group.allreduceSync(grad);
          const dx = new Float32Array(M * C);
          native.batchNormGradApply(dyd, xd, M, C, gd, mean, variance, grad, count, null, null, epsilon, dx);
          return [tf.tensor(dx, (xIn as Tensor).shape, 'float32'), tf.tensor1d(dgamma), tf.tensor1d(dbeta)];
        },
      };
    });
    const y = normalise(x, gamma, beta) as Tensor;
    return { y, mean: tf.tensor1d(mean), variance: tf.tensor1d(variance) as Tensor1D };
  };
}
