// Weighted kNN classifier of the SimSiam/InstDisc monitor: cosine similarity
// to an l2-normalised memory bank, top-k neighbours, votes exp(sim / T).
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';

export interface KnnOptions {
  k: number;
  temperature: number;
  numClasses: number;
  /** Queries per similarity block (bounds memory at chunk x bank size). */
  chunk?: number;
}

export function l2Normalise(x: Tensor2D): Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)) as Tensor2D);
}

/** Class scores [M, C] for each query (features need not be normalised). */
export function knnScores(bank: Tensor2D, bankLabels: Int32Array, queries: Tensor2D, o: KnnOptions): Float32Array {
  const M = queries.shape[0], N = bank.shape[0];
  const k = Math.min(o.k, N);
  const chunk = o.chunk ?? 256;
  const scores = new Float32Array(M * o.numClasses);
  const bankN = l2Normalise(bank);
  const labels = tf.tensor1d(bankLabels, 'int32');
  for (let start = 0; start < M; start += chunk) {
    const block = tf.tidy(() => {
      const q = l2Normalise(tf.slice(queries, [start, 0], [Math.min(chunk, M - start), -1]) as Tensor2D);
      const sim = tf.matMul(q, bankN, false, true);
      const { values, indices } = tf.topk(sim, k);
      const weights = tf.exp(tf.div(values, o.temperature));
      const votes = tf.oneHot(tf.gather(labels, indices), o.numClasses);  // [m, k, C]
      return tf.sum(tf.mul(votes, tf.expandDims(weights, 2)), 1);
    });
    scores.set(block.dataSync(), start * o.numClasses);
    block.dispose();
  }
  tf.dispose([bankN, labels]);
  return scores;
}

/** Rows of x holding a NaN or an infinity (a row sum is non-finite then: one small download). */
export function countNonFiniteRows(x: Tensor2D): number {
  const sums = tf.tidy(() => tf.sum(x, 1));
  const v = sums.dataSync() as Float32Array;
  sums.dispose();
  let n = 0;
  for (const s of v) if (!Number.isFinite(s)) n++;
  return n;
}

/** Top-1 and top-5 accuracy of score rows against labels. */
export function topKAccuracy(scores: Float32Array, labels: Int32Array, numClasses: number): { top1: number; top5: number } {
  let top1 = 0, top5 = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = scores.subarray(i * numClasses, (i + 1) * numClasses);
    // A NaN anywhere in the row (a diverged encoder) makes the row wrong: NaN compares false, so it
    // would otherwise rank below everything and leave a NaN label score ranked first.
    if (row.some(Number.isNaN)) continue;
    const own = row[labels[i]];
    // Rank = classes scoring strictly higher (ties resolved in the label's favour only for lower indices).
    let rank = 0;
    for (let c = 0; c < numClasses; c++) if (row[c] > own || (row[c] === own && c < labels[i])) rank++;
    if (rank === 0) top1++;
    if (rank < 5) top5++;
  }
  return { top1: top1 / labels.length, top5: top5 / labels.length };
}

export function knnAccuracy(bank: Tensor2D, bankLabels: Int32Array, queries: Tensor2D, queryLabels: Int32Array,
  o: KnnOptions): { top1: number; top5: number } {
  return topKAccuracy(knnScores(bank, bankLabels, queries, o), queryLabels, o.numClasses);
}
