// A SimSiam model's weights as named tensors: what checkpoints hold, what the
// optimiser updates, and the one way they are put back.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { namedWeights, type SimSiamModel } from './simsiam_model.js';

/** The tfjs-core Variable behind a layers variable (tfjs-layers keeps it private; gradients need it). */
export function backingVariable(w: tfl.LayerVariable): Variable {
  return (w as unknown as { val: Variable }).val;
}

/** Name of the first weight or BatchNorm statistic holding a NaN or an infinity (one small download), or null. */
export function firstNonFiniteWeight(model: SimSiamModel): string | null {
  const weights = namedWeights(model);
  const sums = tf.tidy(() => tf.stack(weights.map((w) => tf.sum(w.variable.read()))));
  const v = sums.dataSync();
  sums.dispose();
  const i = v.findIndex((s) => !Number.isFinite(s));
  return i < 0 ? null : weights[i].name;
}

/**
 * Writes `tensors` (named `model/<weight>`, as checkpoints hold them) into the model. Every weight is checked
 * first, so a mismatch changes nothing and names `source` and the weight: tfjs would say only "Shape mismatch".
 * A diverged run's weights (NaN, infinities) are refused: they would score and export as if trained.
 */
export function restoreWeights(model: SimSiamModel, tensors: Map<string, Tensor>, source: string): void {
  const pairs = namedWeights(model).map((w) => {
    const t = tensors.get(`model/${w.name}`);
    if (!t || !tf.util.arraysEqual(t.shape, w.variable.shape as number[]))
      throw new Error(`${source} does not match the model: ${w.name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${w.variable.shape}]`);
    let bad = 0;
    for (const v of t.dataSync() as Float32Array) if (!Number.isFinite(v)) bad++;
    if (bad > 0) throw new Error(`${source} holds non-finite weights (${w.name}: ${bad} of ${t.size} values are NaN or infinite): the run that saved it diverged`);
    return [w, t] as const;
  });
  for (const [w, t] of pairs) w.variable.write(t);
}

/** The model's weights as `model/<weight>` tensors (views of the variables, not copies). */
export function modelTensors(model: SimSiamModel): Array<{ name: string; tensor: Tensor }> {
  return namedWeights(model).map((w) => ({ name: `model/${w.name}`, tensor: w.variable.read() }));
}
