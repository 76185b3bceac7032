import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDatasetSummary, gridSize, openDataset, summarizeDataset, writeAugmentationGrid, type GridRow } from '../../src/data/index.js';
import type { FolderSplit } from '../../src/data/folder_split.js';
import { raw, solid, tempDir, writeFile } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const MEAN = [0.485, 0.456, 0.406], STD = [0.229, 0.224, 0.225];
const S = 8;

function normalisedView(rgb: number[]): Float32Array {
  return Float32Array.from({ length: S * S * 3 }, (_, i) => (rgb[i % 3] / 255 - MEAN[i % 3]) / STD[i % 3]);
}

/** A checkerboard of black and white pixels, normalised. */
function checkerView(): Float32Array {
  return Float32Array.from({ length: S * S * 3 }, (_, i) => {
    const p = Math.floor(i / 3), v = (Math.floor(p / S) + (p % S)) % 2 === 0 ? 0 : 1;
    return (v - MEAN[i % 3]) / STD[i % 3];
  });
}

function row(k: number): GridRow {
  return {
    image: { data: Uint8Array.from(solid(8, 4, [200, 10 * k, 0])), height: 4, width: 8 },
    view1: normalisedView([10, 20, 30 + k]),
    view2: normalisedView([250, 240, 230 - k]),
  };
}

describe('writeAugmentationGrid', () => {
  it('writes a header and original | view 1 | view 2 per row, de-normalised, scaled up crisply to 96 px cells, atomically', async () => {
    const path = join(tmp.path, 'out', 'grid.png');
    const rows = [row(0), row(1), row(2)];
    rows[1].view1 = checkerView();
    await writeAugmentationGrid(path, rows, { size: S, mean: MEAN, std: STD });
    // 8 px views are shown 12 times as large (96 px cells), 4 px apart, below a 32 px header.
    expect(gridSize(3, S)).toEqual({ width: 3 * 96 + 2 * 4, height: 32 + 3 * 96 + 2 * 4, cell: 96, scale: 12 });
    expect(gridSize(3, 224)).toEqual({ width: 3 * 224 + 2 * 4, height: 32 + 3 * 224 + 2 * 4, cell: 224, scale: 1 });
    expect(gridSize(1, 28).cell).toBe(112);
    const width = 296, height = 328, cell = 96, top = 32;
    const meta = await sharp(path).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', width, height, 3]);
    const { data } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => Array.from(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
    const tile = (r: number, c: number, x: number, y: number) => px(c * (cell + 4) + x, top + r * (cell + 4) + y);
    expect(tile(1, 2, 50, 50)).toEqual([250, 240, 229]);
    expect(tile(2, 2, 95, 95)).toEqual([250, 240, 228]);
    expect(tile(0, 1, 0, 0)).toEqual([10, 20, 30]);
    expect(tile(2, 0, 48, 48)).toEqual([200, 20, 0]);    // the 8x4 original, letterboxed into 96x96
    expect(tile(2, 0, 48, 10)).toEqual([255, 255, 255]);
    expect(px(cell + 1, top + 10)).toEqual([255, 255, 255]);  // the gap
    // Nearest neighbour: each view pixel is a 12x12 block of one colour, no blend at the block edges.
    for (const [x, y] of [[0, 0], [11, 11], [11, 0], [12, 0], [23, 11], [12, 12], [95, 95], [84, 84]]) {
      const dark = (Math.floor(x / 12) + Math.floor(y / 12)) % 2 === 0;
      expect(tile(1, 1, x, y)).toEqual(dark ? [0, 0, 0] : [255, 255, 255]);
    }
    // The header: column names in dark text over the middle of each column, white above the tiles' edges.
    const header = (c: number) => {
      let dark = 0, first = Infinity, last = -Infinity;
      for (let y = 0; y < top; y++)
        for (let x = c * (cell + 4); x < c * (cell + 4) + cell; x++)
          if (px(x, y)[0] < 128) [dark, first, last] = [dark + 1, Math.min(first, x), Math.max(last, x)];
      return { dark, first: first - c * (cell + 4), last: last - c * (cell + 4) };
    };
    for (const c of [0, 1, 2]) {
      const h = header(c);
      expect(h.dark).toBeGreaterThan(40);
      expect(Math.abs((h.first + h.last) / 2 - cell / 2)).toBeLessThan(4);  // centred
    }
    expect(header(0).last - header(0).first).toBeGreaterThan(header(1).last - header(1).first);  // "original" is wider than "view 1"
    for (let x = 0; x < width; x++) expect(px(x, 0)).toEqual([255, 255, 255]);
    expect(readdirSync(join(tmp.path, 'out'))).toEqual(['grid.png']);  // no temp file left behind
    await writeAugmentationGrid(path, [row(0)], { size: S, mean: MEAN, std: STD, gap: 0 });
    expect((await sharp(path).metadata()).height).toBe(top + cell);
    expect((await sharp(path).metadata()).width).toBe(3 * cell);
  });

  it('rejects views of the wrong length and empty rows', async () => {
    const bad = { ...row(0), view2: new Float32Array(10) };
    await expect(writeAugmentationGrid(join(tmp.path, 'x.png'), [row(0), bad], { size: S, mean: MEAN, std: STD })).rejects.toThrow(
      'Expected 192 floats (size*size*3) for rows[1].view2 but received 10');
    const image = { data: new Uint8Array(5), height: 1, width: 2 };
    await expect(writeAugmentationGrid(join(tmp.path, 'x.png'), [row(0), { ...row(1), image }], { size: S, mean: MEAN, std: STD })).rejects.toThrow(
      'Expected 6 bytes (height*width*3) for rows[1].image.data but received 5');
    await expect(writeAugmentationGrid(join(tmp.path, 'x.png'), [], { size: S, mean: MEAN, std: STD })).rejects.toThrow(
      'Expected a non-empty array of rows for rows but received an array of length 0');
    await expect(writeAugmentationGrid(join(tmp.path, 'x.png'), [row(0)], { size: S, mean: MEAN, std: [1, 0, 1] })).rejects.toThrow(
      'Expected an array of 3 positive numbers for std but received an array of length 3');
  });
});

describe('dataset summary', () => {
  it('reports splits, per-class counts and sampled image sizes', async () => {
    const root = join(tmp.path, 'ds');
    const png = (w: number, h: number) => sharp(solid(w, h, [1, 2, 3]), raw(w, h)).png().toBuffer();
    for (let i = 0; i < 12; i++) writeFile(join(root, 'cats', `${i}.png`), await png(10, 6));
    for (let i = 0; i < 5; i++) writeFile(join(root, 'dogs', `${i}.png`), await png(4, 4));
    writeFile(join(root, 'dogs', 'bad.jpg'), 'not a jpeg');
    const ds = await openDataset(`folder:${root}`, { seed: 1 });
    const s = await summarizeDataset(ds, { sampleSize: 100 });
    expect(s.splits.map((sp) => [sp.name, sp.size, sp.classCounts])).toEqual([['train', 16, [11, 5]], ['test', 2, [1, 1]]]);
    expect(s.imageSizes.sampled + s.imageSizes.skipped.length).toBe(16);
    expect(s.imageSizes.common[0]).toEqual({ height: 6, width: 10, count: 11 });
    const text = formatDatasetSummary(s);
    expect(text.split('\n').slice(0, 6)).toEqual([
      `dataset  folder:${root} (folder, layout flat, test = seeded 10% holdout (seed 1), ${root})`,
      'classes  2',
      'split    train        16 images',
      'split    test          2 images',
      'class     train      test',
      'cats         11         1',
    ]);
    expect(text).toContain('height 4..6');
    const badInTrain = (ds.train as FolderSplit).paths.some((p) => p.endsWith('bad.jpg')) ? 1 : 0;
    expect(badInTrain).toBe(1);  // seed 1 keeps bad.jpg in train, so the sample meets it
    expect(s.imageSizes.skipped.length).toBe(badInTrain);
    expect(text).toContain(`unreadable in sample: ${badInTrain}`);
    expect(formatDatasetSummary(s, 1)).toContain('... 1 more classes (per-class counts: train 5..5, test 1..1)');
  });
});
