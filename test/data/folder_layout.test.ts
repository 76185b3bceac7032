// Layout detection of folder:<dir> datasets and the seeded holdout.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type DatasetSplit } from '../../src/data/index.js';
import type { FolderSplit } from '../../src/data/folder_split.js';
import { holdoutCount } from '../../src/data/holdout.js';
import { tempDir, tinyPng, writeFile, writeImages } from './fixtures.js';

const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));
let png: Buffer;
beforeAll(async () => {
  png = await tinyPng();
});

function tree(files: string[]): string {
  const d = tempDir();
  dirs.push(d);
  writeImages(d.path, files, png);
  return d.path;
}

const rel = (root: string, split: DatasetSplit | null) => (split as FolderSplit).paths.map((p) => p.slice(root.length + 1));
const labels = (split: DatasetSplit | null) => Array.from(split!.labels);
const many = (prefix: string, n: number, ext = 'png') => Array.from({ length: n }, (_, i) => `${prefix}/img${String(i).padStart(3, '0')}.${ext}`);

describe('folder layouts', () => {
  it('train/ + val/: official split, classes sorted from train, nested files and any image extension', async () => {
    const root = tree(['train/dog/a.jpg', 'train/cat/b.png', 'train/cat/sub/c.jpeg', 'train/ant/d.webp',
      'val/cat/e.png', 'val/dog/f.png', 'train/.git/g.png', 'train/cat/readme.md']);
    const ds = await openDataset(`folder:${root}`);
    expect(ds.classNames).toEqual(['ant', 'cat', 'dog']);
    expect(ds.numClasses).toBe(3);
    expect(rel(root, ds.train)).toEqual(['train/ant/d.webp', 'train/cat/b.png', 'train/cat/sub/c.jpeg', 'train/dog/a.jpg']);
    expect(labels(ds.train)).toEqual([0, 1, 1, 2]);
    expect(ds.test!.name).toBe('val');
    expect(rel(root, ds.test)).toEqual(['val/cat/e.png', 'val/dog/f.png']);
    expect(labels(ds.test)).toEqual([1, 2]);
    expect(ds.source).toEqual({ kind: 'folder', root, layout: 'train-val', holdoutSeed: null });
  });

  it('train/ + test/ names the split test; a test class unknown to train is an error', async () => {
    const root = tree(['train/a/1.png', 'test/a/2.png']);
    const ds = await openDataset(`folder:${root}`);
    expect(ds.test!.name).toBe('test');
    expect(ds.test!.size).toBe(1);
    const bad = tree(['train/a/1.png', 'val/b/2.png']);
    await expect(openDataset(`folder:${bad}`)).rejects.toThrow(
      `Class folder b of ${join(bad, 'val')} has no counterpart in ${join(bad, 'train')} (test classes must be training classes)`);
  });

  it('Intel Image Classification: seg_train/seg_train and seg_test/seg_test, or one level', async () => {
    for (const doubled of [true, false]) {
      const t = doubled ? 'seg_train/seg_train' : 'seg_train', s = doubled ? 'seg_test/seg_test' : 'seg_test';
      const root = tree([`${t}/sea/1.jpg`, `${t}/forest/2.jpg`, `${t}/forest/3.jpg`, `${s}/sea/4.jpg`, 'seg_pred/seg_pred/5.jpg']);
      const ds = await openDataset(`folder:${root}`);
      expect(ds.classNames).toEqual(['forest', 'sea']);
      expect(rel(root, ds.train)).toEqual([`${t}/forest/2.jpg`, `${t}/forest/3.jpg`, `${t}/sea/1.jpg`]);
      expect(rel(root, ds.test)).toEqual([`${s}/sea/4.jpg`]);
      expect(labels(ds.test)).toEqual([1]);
      expect(ds.source!.layout).toBe('intel');
    }
  });

  it('Stanford Dogs Images/<wnid-breed>/: seeded holdout', async () => {
    const root = tree([...many('Images/n02085620-Chihuahua', 20, 'jpg'), ...many('Images/n02085782-Japanese_spaniel', 9, 'jpg'), 'Annotation/n02085620-Chihuahua/x']);
    const ds = await openDataset(`folder:${root}`, { seed: 5 });
    expect(ds.classNames).toEqual(['n02085620-Chihuahua', 'n02085782-Japanese_spaniel']);
    expect(ds.source).toEqual({ kind: 'folder', root, layout: 'stanford-dogs', holdoutSeed: 5 });
    expect(ds.test!.size).toBe(2 + 1);
    expect(ds.train.size).toBe(29 - 3);
  });

  it('flat <dir>/<class>/: ~10% per class held out, deterministic for a seed, disjoint and complete', async () => {
    const root = tree([...many('b', 25), ...many('a', 40), ...many('c', 1)]);
    const one = await openDataset(`folder:${root}`, { seed: 11 });
    const two = await openDataset(`folder:${root}`, { seed: 11 });
    const other = await openDataset(`folder:${root}`, { seed: 12 });
    expect(one.source!.layout).toBe('flat');
    expect(rel(root, one.test)).toEqual(rel(root, two.test));
    expect(rel(root, one.train)).toEqual(rel(root, two.train));
    expect(rel(root, other.test)).not.toEqual(rel(root, one.test));
    expect([holdoutCount(40), holdoutCount(25), holdoutCount(1)]).toEqual([4, 3, 0]);
    expect(labels(one.test)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    const all = [...rel(root, one.train), ...rel(root, one.test)].sort();
    expect(all).toEqual([...many('a', 40), ...many('b', 25), ...many('c', 1)].sort());
    expect(new Set(all).size).toBe(66);
    // Each class's holdout depends only on its own files: adding a class leaves it unchanged.
    const more = tree([...many('b', 25), ...many('a', 40), ...many('c', 1), ...many('aa', 10)]);
    const grown = await openDataset(`folder:${more}`, { seed: 11 });
    expect(rel(more, grown.test).filter((p) => !p.startsWith('aa/'))).toEqual(rel(root, one.test));
  });

  it('train/ alone is split by holdout too', async () => {
    const root = tree(many('train/x', 10));
    const ds = await openDataset(`folder:${root}`);
    expect(ds.source!.layout).toBe('train-only');
    expect([ds.train.size, ds.test!.size, ds.test!.name]).toEqual([9, 1, 'test']);
  });

  it('missing, empty and class-less folders are errors naming the path', async () => {
    const root = tree([]);
    const expected = 'expected class sub-folders of .jpg/.jpeg/.png/.webp/.tif/.tiff/.gif images: <class>/*, ' +
      'train/ + val/ or test/, seg_train/ + seg_test/, or Images/<class>/';
    await expect(openDataset(`folder:${root}`)).rejects.toThrow(`No images found under ${root} (${expected})`);
    writeFile(join(root, 'empty', 'notes.txt'), 'x');
    await expect(openDataset(`folder:${root}`)).rejects.toThrow(`No images found under ${root} (${expected})`);
    writeImages(root, ['loose.png'], png);
    await expect(openDataset(`folder:${root}`)).rejects.toThrow(
      `No images found under ${root} (${expected}; 1 image lies directly in ${root}, outside any class folder)`);
    await expect(openDataset(`folder:${join(root, 'missing')}`)).rejects.toThrow(`Dataset folder ${join(root, 'missing')} does not exist`);
    await expect(openDataset(`folder:${join(root, 'loose.png')}`)).rejects.toThrow(`Dataset folder ${join(root, 'loose.png')} is not a directory`);
    const noVal = tree(['train/a/1.png', 'val/readme.txt']);
    await expect(openDataset(`folder:${noVal}`)).rejects.toThrow(`No images found under ${join(noVal, 'val')} (`);
  });
});
