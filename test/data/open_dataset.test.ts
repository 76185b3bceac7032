import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/data/index.js';

describe('openDataset specs and options', () => {
  it('rejects unknown specs listing the accepted forms', async () => {
    await expect(openDataset('imagenet')).rejects.toThrow("Unknown dataset spec 'imagenet' (accepted: 'mnist', 'cifar10:<dir>', 'folder:<dir>')");
    await expect(openDataset('cifar10:')).rejects.toThrow(
      "Expected a directory after 'cifar10:' in dataset spec 'cifar10:' (accepted: 'mnist', 'cifar10:<dir>', 'folder:<dir>')");
    await expect(openDataset(3 as unknown as string)).rejects.toThrow(
      "Expected a dataset spec ('mnist', 'cifar10:<dir>', 'folder:<dir>') for spec but received 3 of type number");
  });

  it('validates options with sharp-style messages', async () => {
    await expect(openDataset('folder:/x', { maxImageSide: -1 })).rejects.toThrow('Expected positive integer for maxImageSide but received -1 of type number');
    await expect(openDataset('folder:/x', { seed: 1.5 })).rejects.toThrow('Expected non-negative integer for seed but received 1.5 of type number');
    await expect(openDataset('mnist', { shuffle: true } as never)).rejects.toThrow('Unknown option shuffle for openDataset (known: seed, maxImageSide)');
  });
});
