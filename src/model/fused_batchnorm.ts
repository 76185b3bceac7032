// Routes tfjs-layers' BatchNormalization training path (channels last) through
// the fused batchNormTraining op. Same outputs, moving averages and gradients
// as the stock path (biased batch variance, tfjs-layers' momentum convention),
// and the layer stays a standard BatchNormalization in saved models.
import * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { batchNormTraining } from '../ops/batch_norm_training.js';
import { MOVING_AVERAGE } from '../kernels/MovingAverage.js';

interface BatchNormLayer {
  axis: number;
  epsilon: number;
  momentum: number;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

type Call = (this: BatchNormLayer, inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) => Tensor;

let patched = false;

/** BatchNorm with batch statistics, as batchNormTraining: what the training path of every layer calls. */
export type TrainingBatchNorm = (x: Tensor, gamma: Tensor1D, beta: Tensor1D, epsilon: number) => { y: Tensor; mean: Tensor1D; variance: Tensor1D };

let trainingBatchNorm: TrainingBatchNorm = batchNormTraining;

/**
 * Replaces the training BatchNorm of every layer (null: back to batchNormTraining): SyncBatchNorm
 * (src/distributed/sync_batch_norm.ts) takes the statistics over every data-parallel worker's batch.
 */
export function setTrainingBatchNorm(fn: TrainingBatchNorm | null): void {
  trainingBatchNorm = fn ?? batchNormTraining;
}

export function useFusedBatchNorm(): void {
  if (patched || process.env.SIMSIAM_FUSED_BN === '0') return;
  const proto = Object.getPrototypeOf(tfl.layers.batchNormalization({})) as { call: Call };
  const stock = proto.call;
  proto.call = function (this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = this.axis === -1 || this.axis === x.rank - 1;
    if (!kwargs?.training || !lastAxis || !this.gamma || !this.beta || x.dtype !== 'float32') return stock.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = trainingBatchNorm(x, this.gamma.read() as Tensor1D, this.beta.read() as Tensor1D, this.epsilon);
      const decay = 1 - this.momentum;
      // current - (current - value) * decay, one kernel each (src/kernels/MovingAverage.ts).
      for (const [variable, value] of [[this.movingMean, mean], [this.movingVariance, variance]] as const)
        variable.write(tf.engine().runKernel(MOVING_AVERAGE, { current: variable.read(), value }, { decay }) as Tensor);
      return y;
    });
  };
  patched = true;
}
