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

export async function trainStep(model: SimSiamModel, sgd: Sgd, view1: Tensor4D, view2: Tensor4D,
  lr: { encoder: number; predictor: number }): Promise<StepResult> {
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
