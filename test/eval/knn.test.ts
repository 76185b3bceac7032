import { describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { countNonFiniteRows, knnAccuracy, knnScores, topKAccuracy } from '../../src/eval/knn.js';

describe('kNN monitor', () => {
  it('classifies a toy problem with a known answer', () => {
    // Bank: class 0 along +x, class 1 along +y, class 2 along -x.
    const bank = tf.tensor2d([[1, 0], [2, 0.1], [0, 1], [0.1, 3], [-1, 0], [-2, -0.1]]);
    const labels = Int32Array.of(0, 0, 1, 1, 2, 2);
    const queries = tf.tensor2d([[5, 0.2], [0.1, 1], [-3, 0], [1, 1.2]]);
    const scores = knnScores(bank, labels, queries, { k: 2, temperature: 0.1, numClasses: 3 });
    const pred = Array.from({ length: 4 }, (_, i) => [0, 1, 2].reduce((b, c) => (scores[i * 3 + c] > scores[i * 3 + b] ? c : b), 0));
    expect(pred).toEqual([0, 1, 2, 1]);
    // k = 2 neighbours of query 0 are both class 0: score = exp(cos1/T) + exp(cos2/T).
    const cos = (a: number[], b: number[]) => (a[0] * b[0] + a[1] * b[1]) / Math.hypot(...a) / Math.hypot(...b);
    const want = Math.exp(cos([5, 0.2], [1, 0]) / 0.1) + Math.exp(cos([5, 0.2], [2, 0.1]) / 0.1);
    expect(Math.abs(scores[0] - want) / want).toBeLessThan(1e-5);
    expect(knnAccuracy(bank, labels, queries, Int32Array.of(0, 1, 2, 0), { k: 2, temperature: 0.1, numClasses: 3 }).top1).toBeCloseTo(0.75);
  });

  it('caps k at the bank size and chunks queries without changing the answer', () => {
    const bank = tf.randomNormal([50, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
    const labels = Int32Array.from({ length: 50 }, (_, i) => i % 5);
    const q = tf.randomNormal([37, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
    const a = knnScores(bank, labels, q, { k: 200, temperature: 0.2, numClasses: 5, chunk: 7 });
    const b = knnScores(bank, labels, q, { k: 50, temperature: 0.2, numClasses: 5, chunk: 1000 });
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 4);
  });

  it('top-5 counts a label ranked within the five best', () => {
    const scores = Float32Array.of(0.1, 0.9, 0.5, 0.4, 0.3, 0.2, 0.0);
    expect(topKAccuracy(scores, Int32Array.of(5), 7)).toEqual({ top1: 0, top5: 1 });
    expect(topKAccuracy(scores, Int32Array.of(6), 7)).toEqual({ top1: 0, top5: 0 });
    expect(topKAccuracy(scores, Int32Array.of(1), 7)).toEqual({ top1: 1, top5: 1 });
  });

  it('never counts a NaN score as correct: a diverged encoder scores 0 %, not 100 %', () => {
    expect(topKAccuracy(Float32Array.of(NaN, NaN, NaN), Int32Array.of(0), 3)).toEqual({ top1: 0, top5: 0 });
    expect(topKAccuracy(Float32Array.of(1, NaN, 0), Int32Array.of(0), 3)).toEqual({ top1: 0, top5: 0 });
    expect(topKAccuracy(Float32Array.of(NaN, 1, 0), Int32Array.of(1), 3)).toEqual({ top1: 0, top5: 0 });
    // NaN features (what a diverged backbone gives) through the whole kNN path.
    const bank = tf.fill([6, 4], NaN) as tf.Tensor2D;
    const labels = Int32Array.of(0, 1, 2, 0, 1, 2);
    expect(knnAccuracy(bank, labels, bank, labels, { k: 3, temperature: 0.1, numClasses: 3 })).toEqual({ top1: 0, top5: 0 });
    expect(countNonFiniteRows(bank)).toBe(6);
    expect(countNonFiniteRows(tf.tensor2d([[1, 2], [Infinity, 0], [0, -Infinity], [3, NaN]]))).toBe(3);
  });
});
