import { describe, expect, it } from 'vitest';
import { PRESETS, resolveConfig } from '../../src/train/config.js';
import { encoderLr, initialLr, predictorLr } from '../../src/train/schedule.js';

describe('training config', () => {
  it('starts from the named preset and applies overrides', () => {
    const c = resolveConfig({ preset: 'cifar10', epochs: 3, batchSize: 64 });
    expect(c.arch).toBe('resnet18');
    expect(c.cifarStem).toBe(true);
    expect(c.baseLr).toBe(0.03);
    expect(c.weightDecay).toBe(5e-4);
    expect(c.blurProb).toBe(0);
    expect(c.epochs).toBe(3);
    expect(resolveConfig({}).preset).toBe('mnist-demo');
    expect(PRESETS.imagenet.fixPredictorLr).toBe(true);
    expect(PRESETS.imagenet.arch).toBe('resnet50');
  });

  it.each([
    [{ epochs: 0 }, "Invalid value 0 for epochs in config: expected an integer from 1 to 100000"],
    [{ batchSize: 'big' }, "Invalid value 'big' for batchSize in config: expected an integer from 2 to 65535"],
    [{ preset: 'tiny' }, "Invalid value 'tiny' for preset in config: expected one of mnist-demo, cifar10, imagenet"],
    [{ data: 'imagenet' }, "Invalid value 'imagenet' for data in config: expected mnist, cifar10:<dir> or folder:<dir>"],
    [{ device: 'gpu' }, "Invalid value 'gpu' for device in config: expected one of auto, cpu, cuda"],
    [{ lr: 0.1 }, 'Unknown field lr in config (known fields: preset, data, out'],
    [{ fixPredictorLr: 'yes' }, "Invalid value 'yes' for fixPredictorLr in config: expected true or false"],
    [{ baseLr: 0 }, 'Invalid value 0 for baseLr in config: expected a number > 0 and <= 100'],
  ])('%#: rejects %j with an error naming the field', (overrides, message) => {
    expect(() => resolveConfig(overrides as Record<string, unknown>)).toThrow(message);
  });

  it('follows the recipe lr schedule: linear scaling, cosine per epoch, warm-up, fixed predictor lr', () => {
    const c = resolveConfig({ preset: 'imagenet', batchSize: 512, epochs: 100 });
    expect(initialLr(c)).toBeCloseTo(0.1);
    expect(encoderLr(c, 0, 0, 10)).toBeCloseTo(0.1);
    expect(encoderLr(c, 50, 3, 10)).toBeCloseTo(0.05);
    expect(encoderLr(c, 99, 0, 10)).toBeCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.99)));
    expect(predictorLr(c, 99, 0, 10)).toBeCloseTo(0.1);
    const w = resolveConfig({ preset: 'cifar10', batchSize: 256, warmupEpochs: 2, epochs: 10 });
    expect(encoderLr(w, 0, 0, 4)).toBeCloseTo(0.03 / 8);
    expect(encoderLr(w, 1, 3, 4)).toBeCloseTo(0.03);
    expect(predictorLr(w, 5, 0, 4)).toBeCloseTo(encoderLr(w, 5, 0, 4));
  });
});
