import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { openDataset } from '../../src/data/index.js';
import { CIFAR10_CLASS_NAMES } from '../../src/data/cifar10.js';
import { cifarFile, cifarPixel, tempDir, writeFile } from './fixtures.js';

const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d.path;
}
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe('cifar10:<dir>', () => {
  it('reads any number of records per file, interleaves the planes and labels every record', async () => {
    const root = dir();
    writeFile(join(root, 'data_batch_1.bin'), cifarFile([3, 1, 4]));
    writeFile(join(root, 'data_batch_3.bin'), cifarFile([1, 5], 3));  // batches 2, 4, 5 absent
    writeFile(join(root, 'test_batch.bin'), cifarFile([9, 2, 6, 5, 3], 100));
    const ds = await openDataset(`cifar10:${root}`);
    expect(ds.train.size).toBe(5);
    expect(ds.test!.size).toBe(5);
    expect(Array.from(ds.train.labels)).toEqual([3, 1, 4, 1, 5]);
    expect(Array.from(ds.test!.labels)).toEqual([9, 2, 6, 5, 3]);
    expect(ds.classNames).toEqual(CIFAR10_CLASS_NAMES);
    expect(ds.numClasses).toBe(10);
    expect(ds.source).toEqual({ kind: 'cifar10', root });

    const { images, labels, indices, skipped } = await ds.train.read([4, 0]);
    expect(indices).toEqual([4, 0]);
    expect(Array.from(labels)).toEqual([5, 3]);
    expect(skipped).toEqual([]);
    const record = [4, 0];
    images.forEach((img, k) => {
      expect([img.height, img.width, img.data.length]).toEqual([32, 32, 3072]);
      for (const p of [0, 1, 31, 32, 555, 1023])
        for (let c = 0; c < 3; c++) expect(img.data[p * 3 + c]).toBe(cifarPixel(record[k], c, p));
    });
    const test = await ds.test!.read([2]);
    expect(test.images[0].data[3 * 7 + 1]).toBe(cifarPixel(102, 1, 7));
  });

  it('warns naming the batch files that are missing, and only then', async () => {
    const root = dir();
    for (const f of ['data_batch_1.bin', 'data_batch_3.bin', 'data_batch_4.bin']) writeFile(join(root, f), cifarFile([1]));
    await openDataset(`cifar10:${root}`);
    expect(warn.mock.calls).toEqual([[`warning: CIFAR-10 folder ${root} lacks data_batch_2.bin, data_batch_5.bin, test_batch.bin: ` +
      'training on 3 of 5 batches, without a test split']]);
    for (const f of ['data_batch_2.bin', 'data_batch_5.bin', 'test_batch.bin']) writeFile(join(root, f), cifarFile([1]));
    warn.mockClear();
    await openDataset(`cifar10:${root}`);
    expect(warn).not.toHaveBeenCalled();
  });

  it('uses batches.meta.txt when present and has no test split without test_batch.bin', async () => {
    const root = dir();
    writeFile(join(root, 'data_batch_2.bin'), cifarFile([0]));
    writeFile(join(root, 'batches.meta.txt'), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n');
    const ds = await openDataset(`cifar10:${root}`);
    expect(ds.classNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(ds.test).toBeNull();
  });

  it('finds the batches in the archive folder cifar-10-batches-bin', async () => {
    const root = dir();
    writeFile(join(root, 'cifar-10-batches-bin', 'data_batch_1.bin'), cifarFile([7, 7]));
    const ds = await openDataset(`cifar10:${root}`);
    expect(ds.train.size).toBe(2);
  });

  it('rejects a file whose size is not a multiple of the record, naming it and its size', async () => {
    const root = dir();
    writeFile(join(root, 'data_batch_1.bin'), cifarFile([1]));
    const bad = join(root, 'data_batch_2.bin');
    writeFile(bad, new Uint8Array(3073 * 2 + 5));
    await expect(openDataset(`cifar10:${root}`)).rejects.toThrow(
      `CIFAR-10 file ${bad} has 6151 bytes, not a multiple of the 3073-byte record (1 label byte + 3072 pixel bytes)`);
  });

  it('rejects labels above 9, a bad meta file, no training batches and a missing folder', async () => {
    const root = dir();
    const file = join(root, 'data_batch_1.bin');
    writeFile(file, cifarFile([1, 12]));
    await expect(openDataset(`cifar10:${root}`)).rejects.toThrow(`CIFAR-10 file ${file} has label 12 in record 1 (expected 0-9)`);

    writeFile(file, cifarFile([1]));
    writeFile(join(root, 'batches.meta.txt'), 'cat\ndog\n');
    await expect(openDataset(`cifar10:${root}`)).rejects.toThrow(
      `CIFAR-10 file ${join(root, 'batches.meta.txt')} lists 2 class names (expected 10, one per line)`);

    const empty = dir();
    writeFile(join(empty, 'test_batch.bin'), cifarFile([1]));
    await expect(openDataset(`cifar10:${empty}`)).rejects.toThrow(
      `No CIFAR-10 training batches (data_batch_1.bin .. data_batch_5.bin) found in ${empty}`);
    await expect(openDataset(`cifar10:${join(empty, 'nope')}`)).rejects.toThrow(`Dataset folder ${join(empty, 'nope')} does not exist`);
  });
});
