// The kNN monitor of a model: backbone features of the memory bank (the
// un-augmented training set) and of the test split, then the weighted kNN.
import type { SimSiamModel } from '../model/simsiam_model.js';
import { tf } from '../tf.js';
import type { EvalSet } from './features.js';
import { countNonFiniteRows, knnAccuracy } from './knn.js';

export interface KnnMonitorOptions {
  k: number;
  temperature: number;
  numClasses: number;
}

/** Top-1/top-5 of `model` on `test` against `bank`, or null when either has no decodable image; `signal` stops it between batches. */
export async function evaluateKnn(model: SimSiamModel, bank: EvalSet, test: EvalSet, o: KnnMonitorOptions, signal?: AbortSignal) {
  const b = await bank.features(model.backbone, signal);
  let q;
  try {
    q = await test.features(model.backbone, signal);
  } catch (e) {
    b.features.dispose();
    throw e;
  }
  try {
    if (b.labels.length === 0 || q.labels.length === 0) return null;
    const bad = [countNonFiniteRows(q.features), countNonFiniteRows(b.features)];
    if (bad[0] + bad[1] > 0)
      console.warn(`warning: the encoder gives non-finite features for ${bad[0]} of ${q.labels.length} test and ${bad[1]} of ${b.labels.length} ` +
        'memory-bank images (counted as wrong): its weights or BatchNorm statistics have overflowed');
    return knnAccuracy(b.features, b.labels, q.features, q.labels, o);
  } finally {
    tf.dispose([b.features, q.features]);
  }
}
