// Augmentation grid PNG: a header row naming the columns, then one row per
// image, original | view 1 | view 2, for eyeballing what the augmentation does
// to the data. Small images (MNIST's 28 px) are scaled up by a whole factor,
// nearest neighbour, so every cell is at least MIN_CELL px and pixels stay crisp.
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
  /** Pixels between tiles (default 4). */
  gap?: number;
}

const BACKGROUND = 255;

function triple(v: unknown, name: string, positive: boolean): number[] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0)))
    throw invalid(positive ? 'an array of 3 positive numbers' : 'an array of 3 finite numbers', name, v);
  return v;
}

export const MIN_CELL = 96;
export const HEADER_HEIGHT = 32;
export const COLUMNS = ['original', 'view 1', 'view 2'];

/** Grid geometry for `rows` rows of three tiles of size x size views, each shown in a cell of `cell` px (size * scale). */
export function gridSize(rows: number, size: number, gap = 4): { width: number; height: number; cell: number; scale: number } {
  const scale = Math.max(1, Math.ceil(MIN_CELL / size)), cell = size * scale;
  return { width: 3 * cell + 2 * gap, height: HEADER_HEIGHT + rows * cell + (rows - 1) * gap, cell, scale };
}

/** The original, whole and undistorted, letterboxed into cell x cell (nearest neighbour when scaled up). */
async function originalTile(img: RgbImage, cell: number): Promise<Uint8Array> {
  const kernel = Math.max(img.width, img.height) < cell ? 'nearest' : 'linear';
  const out = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(cell, cell, { fit: 'contain', kernel, background: { r: BACKGROUND, g: BACKGROUND, b: BACKGROUND } })
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** An RGB size x size tile scaled up `k` times, each pixel a k x k block. */
function upscale(tile: Uint8Array, size: number, k: number): Uint8Array {
  if (k === 1) return tile;
  const n = size * k, out = new Uint8Array(n * n * 3);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const from = (Math.floor(y / k) * size + Math.floor(x / k)) * 3;
      out.set(tile.subarray(from, from + 3), (y * n + x) * 3);
    }
  return out;
}

/** The column names, centred over their columns. */
function headerSvg(width: number, cell: number, gap: number): string {
  const names = COLUMNS.map((name, c) =>
    `<text x="${c * (cell + gap) + cell / 2}" y="${HEADER_HEIGHT / 2 + 5}" text-anchor="middle">${name}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEADER_HEIGHT}" font-family="DejaVu Sans, sans-serif" ` +
    `font-size="15" font-weight="bold" fill="#222">${names.join('')}</svg>`;
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
  const gap = o.gap === undefined ? 4 : (o.gap as number);
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

  const { width, height, cell, scale } = gridSize(rows.length, S, gap);
  const canvas = new Uint8Array(width * height * 3).fill(BACKGROUND);
  const place = (tile: Uint8Array, row: number, col: number) => {
    const x0 = col * (cell + gap), y0 = HEADER_HEIGHT + row * (cell + gap);
    for (let y = 0; y < cell; y++) canvas.set(tile.subarray(y * cell * 3, (y + 1) * cell * 3), ((y0 + y) * width + x0) * 3);
  };
  const originals = await Promise.all(rows.map((r) => originalTile(r.image, cell)));
  rows.forEach((r, i) => {
    place(originals[i], i, 0);
    place(upscale(denormalise(r.view1, mean, std), S, scale), i, 1);
    place(upscale(denormalise(r.view2, mean, std), S, scale), i, 2);
  });
  const png = await sharp(canvas, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(headerSvg(width, cell, gap)), top: 0, left: 0 }])
    .removeAlpha()
    .png()
    .toBuffer();
  await writeFileAtomic(path, png);
}
