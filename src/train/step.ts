// One SimSiam training step: both views through f and h (BatchNorm statistics
// per view, as the official code's two forward calls), the fused loss, the
// gradients of every trainable variable, one SGD update. Also returns the
// collapse monitor: the std over the batch of l2-normalised z, averaged over
// dimensions (about 1/sqrt(d) when healthy, 0 when collapsed).
import type { Scalar, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { simsiamLoss } from '../ops/simsiam_loss.js';
import { tf } from '../tf.js';
import { forwardView, namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { backingVariable } from '../model/weights.js';
import { Sgd } from '../optim/sgd.js';

export function collapseStd(z: Tensor): Scalar {
  return tf.tidy(() => {
    const zn = tf.div(z, tf.maximum(tf.norm(z, 'euclidean', 1, true), 1e-12));
    return tf.mean(tf.sqrt(tf.moments(zn, 0).variance)) as Scalar;
  });
}

export function createOptimizer(model: SimSiamModel, momentum: number, weightDecay: number): Sgd {
  const params = namedWeights(model)
    .filter((w) => w.trainable)
    .map((w) => ({ name: w.name, variable: backingVariable(w.variable), group: w.predictor ? 'predictor' as const : 'encoder' as const }));
  return new Sgd(params, momentum, weightDecay);
}

export interface StepResult {
  loss: number;
  collapseStd: number;
}

/** A data-parallel step's exchange (src/distributed/data_parallel.ts). */
export interface StepReduction {
  /** The gradients averaged over the workers (new tensors); `sums` is summed over the workers in place. */
  reduce(grads: Record<string, Tensor>, sums: Float64Array): Promise<Record<string, Tensor>>;
}

export async function trainStep(model: SimSiamModel, sgd: Sgd, view1: Tensor4D, view2: Tensor4D,
  lr: { encoder: number; predictor: number }, reduction?: StepReduction): Promise<StepResult> {
  if (reduction) return dataParallelStep(model, sgd, view1, view2, lr, reduction);
  let std: Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const a = forwardView(model, view1, true);
    const b = forwardView(model, view2, true);
    std = tf.keep(collapseStd(a.z));
    return simsiamLoss(a.p, b.p, a.z, b.z);
  }, sgd.params.map((p) => p.variable));
  sgd.step(grads, lr);
  const [loss, s] = await Promise.all([value.data(), std!.data()]);
  tf.dispose([value, std!, ...Object.values(grads)]);
  return { loss: loss[0], collapseStd: s[0] };
}

/**
 * The step of one data-parallel worker: its share of the batch forward and backward, the gradients averaged over
 * the workers, the same SGD update everywhere. The loss is the workers' mean; the collapse std is taken over the
 * global batch from the summed [sum zn, sum zn^2] of the l2-normalised z.
 */
async function dataParallelStep(model: SimSiamModel, sgd: Sgd, view1: Tensor4D, view2: Tensor4D,
  lr: { encoder: number; predictor: number }, reduction: StepReduction): Promise<StepResult> {
  let moments: Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const a = forwardView(model, view1, true);
    const b = forwardView(model, view2, true);
    moments = tf.keep(tf.tidy(() => {
      const zn = tf.div(a.z, tf.maximum(tf.norm(a.z, 'euclidean', 1, true), 1e-12));
      return tf.concat([tf.sum(zn, 0), tf.sum(tf.square(zn), 0)]);
    }));
    return simsiamLoss(a.p, b.p, a.z, b.z);
  }, sgd.params.map((p) => p.variable));
  const [loss, m] = await Promise.all([value.data(), moments!.data()]);
  const D = m.length / 2;
  // [loss, workers, rows, sum zn (D), sum zn^2 (D)]
  const sums = new Float64Array(3 + 2 * D);
  sums.set([loss[0], 1, view1.shape[0]]);
  sums.set(m, 3);
  let averaged: Record<string, Tensor> = {};
  try {
    averaged = await reduction.reduce(grads, sums);
    sgd.step(averaged, lr);
  } finally {
    tf.dispose([value, moments!, ...Object.values(grads), ...Object.values(averaged)]);
  }
  const rows = sums[2];
  let std = 0;
  for (let d = 0; d < D; d++) {
    const mean = sums[3 + d] / rows;
    std += Math.sqrt(Math.max(0, sums[3 + D + d] / rows - mean * mean));
  }
  return { loss: sums[0] / sums[1], collapseStd: std / D };
}
