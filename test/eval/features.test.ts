// The kNN monitor's features must be a function of each image alone: BatchNorm in
// inference mode (moving statistics), never the statistics of the eval batch.
// EvalSet reads splits in index order, and MNIST's and CIFAR-10's splits are
// sorted by class, so an eval batch is mostly one class: batch statistics
// would subtract the class's own mean and blur the classes together (on the
// old mnist-demo checkpoint, 56 % kNN top-1 instead of 77 %).
import { describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { MemorySplit } from '../../src/data/memory_split.js';
import { EvalSet } from '../../src/eval/features.js';
import { evaluateKnn } from '../../src/eval/knn_monitor.js';
import { buildSimSiam, type SimSiamModel } from '../../src/model/simsiam_model.js';
import { maxAbsDiff, randomImages } from '../helpers.js';

const SIDE = 8;

/** n images sorted by class (the first half class 0, the rest class 1), as an index-ordered split is read. */
function classSortedSplit(n: number, seed: number): MemorySplit {
  const data = randomImages(n, SIDE, SIDE, seed);
  const size = SIDE * SIDE * 3;
  // Class 1 is brighter: a class-level shift that batch statistics would remove.
  for (let i = n / 2; i < n; i++) for (let p = i * size; p < (i + 1) * size; p++) data[p] = Math.min(255, data[p] + 60);
  const labels = Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
  return new MemorySplit('test', labels, ['dark', 'bright'], (i) => ({ data: data.subarray(i * size, (i + 1) * size), height: SIDE, width: SIDE }));
}

/** A tiny model whose BatchNorm moving statistics are no longer the initial 0 / 1. */
function trainedLikeModel(): SimSiamModel {
  const model = buildSimSiam({ arch: 'resnet18', cifarStem: true, width: 0.0625, inputSize: SIDE, projectorLayers: 2, projectorDim: 16, predictorDim: 4, zeroInitResidual: false }, 4);
  for (let s = 0; s < 3; s++) tf.tidy(() => { model.backbone.apply(tf.randomNormal([16, SIDE, SIDE, 3], 0.5, 2, 'float32', s), { training: true }); });
  return model;
}

const movingStats = (m: SimSiamModel) => m.backbone.weights.filter((w) => /moving_(mean|variance)/.test(w.originalName)).map((w) => w.read().dataSync().slice());

describe('kNN monitor features', () => {
  it('are the same whatever the eval batch holds (BatchNorm in inference mode), and leave the moving statistics alone', async () => {
    const model = trainedLikeModel();
    const before = movingStats(model);
    const split = classSortedSplit(12, 9);
    const whole = await new EvalSet(split, SIDE, 0, 12).features(model.backbone);
    const small = await new EvalSet(split, SIDE, 0, 5).features(model.backbone);
    const one = await new EvalSet(split, SIDE, 0, 1).features(model.backbone);
    const w = whole.features.dataSync();
    expect(maxAbsDiff(w, small.features.dataSync())).toBeLessThan(1e-4);
    expect(maxAbsDiff(w, one.features.dataSync())).toBeLessThan(1e-4);
    movingStats(model).forEach((a, i) => expect(maxAbsDiff(a, before[i])).toBe(0));
    // What batch statistics would give instead: features that depend on the batch (the check above has teeth).
    const x = tf.tidy(() => tf.div(tf.sub(tf.tensor4d(Float32Array.from(randomImages(12, SIDE, SIDE, 9)), [12, SIDE, SIDE, 3]), 120), 60));
    const batchStats = [12, 6].map((b) => tf.tidy(() => tf.concat(Array.from({ length: 12 / b }, (_, k) =>
      model.backbone.apply(tf.slice(x, k * b, b), { training: true }) as tf.Tensor), 0)).dataSync());
    expect(maxAbsDiff(batchStats[0], batchStats[1])).toBeGreaterThan(1e-3);
    tf.dispose([whole.features, small.features, one.features, x]);
  });

  it('evaluateKnn does not change the model it evaluates', async () => {
    const model = trainedLikeModel();
    const before = movingStats(model);
    const bank = new EvalSet(classSortedSplit(16, 1), SIDE), test = new EvalSet(classSortedSplit(8, 2), SIDE);
    const first = await evaluateKnn(model, bank, test, { k: 3, temperature: 0.1, numClasses: 2 });
    const second = await evaluateKnn(model, bank, test, { k: 3, temperature: 0.1, numClasses: 2 });
    expect(second).toEqual(first);
    movingStats(model).forEach((a, i) => expect(maxAbsDiff(a, before[i])).toBe(0));
  });
});
