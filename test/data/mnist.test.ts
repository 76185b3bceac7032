import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/data/index.js';

const mnist = createRequire(import.meta.url)('mnist') as Array<{ length: number; get(i: number): number[] }>;

describe('mnist (embedded default)', () => {
  it('splits the first 80% of every digit into train, the rest into test, as RGB8 28x28', async () => {
    const ds = await openDataset('mnist');
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.numClasses).toBe(10);
    const lengths = mnist.map((d) => d.length);
    const trainCounts = lengths.map((n) => Math.floor(n * 0.8));
    expect(ds.train.size).toBe(trainCounts.reduce((a, b) => a + b, 0));
    expect(ds.test!.size).toBe(10000 - ds.train.size);
    expect([ds.train.size, ds.test!.size]).toEqual([7996, 2004]);
    const count = (labels: Int32Array, d: number) => labels.filter((l) => l === d).length;
    for (let d = 0; d < 10; d++) {
      expect(count(ds.train.labels, d)).toBe(trainCounts[d]);
      expect(count(ds.test!.labels, d)).toBe(lengths[d] - trainCounts[d]);
    }

    // Train record 0 is digit 0 sample 0; test record 0 is digit 0 sample trainCounts[0].
    const check = async (split = ds.train, index = 0, sample = 0) => {
      const { images, labels } = await split.read([index]);
      const want = mnist[labels[0]].get(sample).map((v) => Math.round(v * 255));
      const img = images[0];
      expect([img.height, img.width, img.data.length]).toEqual([28, 28, 28 * 28 * 3]);
      for (let p = 0; p < 784; p++) expect([img.data[3 * p], img.data[3 * p + 1], img.data[3 * p + 2]]).toEqual([want[p], want[p], want[p]]);
    };
    await check(ds.train, 0, 0);
    await check(ds.test!, 0, trainCounts[0]);
    await check(ds.train, trainCounts[0], 0);  // first '1'

    const again = await openDataset('mnist');
    expect(Array.from(again.train.labels)).toEqual(Array.from(ds.train.labels));
  });

  it('reads reject indices out of range (a caller bug, not a bad record)', async () => {
    const ds = await openDataset('mnist');
    await expect(ds.train.read([0, 7996])).rejects.toThrow('Expected integer between 0 and 7995 for indices[1] but received 7996 of type number');
    await expect(ds.train.read([1.5])).rejects.toThrow('Expected integer record index for indices[0] but received 1.5 of type number');
  });
});
