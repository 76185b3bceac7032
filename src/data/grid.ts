// Augmentation grid PNG: one row per image, original | view 1 | view 2, for
// eyeballing what the augmentation does to the data.
import sharp from 'sharp';
import { checkRgbImage, invalid, isInteger, knownKeys, outOfRange, positiveInteger } from '../validate.js';
import { writeFileAtomic } from '../io/atomic_write.js';
import type { RgbImage } from './types.js';

export interface GridRow {
  image: RgbImage;
  /** Normalised float32 HWC view (size x size x 3), as augmentPair returns per image. */
  view1: Float32Array;
  view2: Float32Array;
}

export interface GridOptions {
  size: number;
  mean: number[];
  std: number[];
  /** Pixels between tiles (default 2). */
  gap?: number;
}

const BACKGROUND = 255;

function triple(v: unknown, name: string, positive: boolean): number[] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0)))
    throw invalid(positive ? 'an array of 3 positive numbers' : 'an array of 3 finite numbers', name, v);
  return v;
}

/** Grid dimensions for `rows` rows of three size x size tiles. */
export function gridSize(rows: number, size: number, gap = 2): { width: number; height: number } {
  return { width: 3 * size + 2 * gap, height: rows * size + (rows - 1) * gap };
}

/** The original, whole and undistorted, letterboxed into size x size. */
async function originalTile(img: RgbImage, size: number): Promise<Uint8Array> {
  const out = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(size, size, { fit: 'contain', kernel: 'linear', background: { r: BACKGROUND, g: BACKGROUND, b: BACKGROUND } })
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function denormalise(view: Float32Array, mean: number[], std: number[]): Uint8Array {
  const out = new Uint8Array(view.length);
  for (let i = 0; i < view.length; i++) {
    const c = i % 3;
    out[i] = Math.min(255, Math.max(0, Math.round((view[i] * std[c] + mean[c]) * 255)));
  }
  return out;
}

export async function writeAugmentationGrid(path: string, rows: GridRow[], options: GridOptions): Promise<void> {
  if (typeof path !== 'string' || path === '') throw invalid('a file path', 'path', path);
  if (!Array.isArray(rows) || rows.length === 0) throw invalid('a non-empty array of rows', 'rows', rows);
  const o = knownKeys(options, 'options', ['size', 'mean', 'std', 'gap'], 'writeAugmentationGrid');
  const S = positiveInteger(o.size, 'size');
  const mean = triple(o.mean, 'mean', false), std = triple(o.std, 'std', true);
  const gap = o.gap === undefined ? 2 : (o.gap as number);
  if (!isInteger(gap)) throw invalid('non-negative integer', 'gap', o.gap);
  if (gap < 0) throw outOfRange('non-negative integer', 'gap', o.gap);
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object') throw invalid('{ image, view1, view2 }', `rows[${i}]`, r);
    checkRgbImage(r.image, `rows[${i}].image`);
    for (const v of ['view1', 'view2'] as const) {
      if (!(r[v] instanceof Float32Array)) throw invalid('Float32Array', `rows[${i}].${v}`, r[v]);
      if (r[v].length !== S * S * 3)
        throw new RangeError(`Expected ${S * S * 3} floats (size*size*3) for rows[${i}].${v} but received ${r[v].length}`);
    }
  });

  const { width, height } = gridSize(rows.length, S, gap);
  const canvas = new Uint8Array(width * height * 3).fill(BACKGROUND);
  const place = (tile: Uint8Array, row: number, col: number) => {
    const x0 = col * (S + gap), y0 = row * (S + gap);
    for (let y = 0; y < S; y++) canvas.set(tile.subarray(y * S * 3, (y + 1) * S * 3), ((y0 + y) * width + x0) * 3);
  };
  const originals = await Promise.all(rows.map((r) => originalTile(r.image, S)));
  rows.forEach((r, i) => {
    place(originals[i], i, 0);
    place(denormalise(r.view1, mean, std), i, 1);
    place(denormalise(r.view2, mean, std), i, 2);
  });
  const png = await sharp(canvas, { raw: { width, height, channels: 3 } }).png().toBuffer();
  await writeFileAtomic(path, png);
}
