import { describe, expect, it } from 'vitest';
import { augmentPair, tf } from '../../src/index.js';
import { buildSimSiam, type ModelConfig } from '../../src/model/simsiam_model.js';
import { collapseStd, createOptimizer, trainStep } from '../../src/train/step.js';
import { randomImages } from '../helpers.js';

const tiny: ModelConfig = { arch: 'resnet18', cifarStem: true, width: 0.0625, inputSize: 16, projectorLayers: 2, projectorDim: 32, predictorDim: 8, zeroInitResidual: true };

describe('training step', () => {
  it('a few steps lower the loss and leak no tensors', async () => {
    const m = buildSimSiam(tiny, 1);
    const sgd = createOptimizer(m, 0.9, 5e-4);
    const data = randomImages(16, 20, 20, 3);
    const { view1, view2 } = await augmentPair({ data, count: 16, height: 20, width: 20 }, { preset: 'cifar', size: 16, seed: 1 });
    const losses: number[] = [];
    let tensors = 0;
    for (let i = 0; i < 6; i++) {
      losses.push((await trainStep(m, sgd, view1, view2, { encoder: 0.05, predictor: 0.05 })).loss);
      if (i === 1) tensors = tf.memory().numTensors;
      if (i > 1) expect(tf.memory().numTensors).toBe(tensors);
    }
    expect(losses[5]).toBeLessThan(losses[0] - 0.05);
    expect(losses.every((l) => l >= -1 - 1e-5 && l <= 1 + 1e-5)).toBe(true);
  });

  it('collapse std is 1/sqrt(d)-like for random z and 0 for collapsed z', () => {
    const d = 64;
    const healthy = collapseStd(tf.randomNormal([512, d], 0, 1, 'float32', 3)).dataSync()[0];
    expect(Math.abs(healthy - 1 / Math.sqrt(d))).toBeLessThan(0.02);
    const collapsed = collapseStd(tf.tile(tf.randomNormal([1, d], 0, 1, 'float32', 4), [32, 1])).dataSync()[0];
    expect(collapsed).toBeLessThan(1e-4);
  });
});
