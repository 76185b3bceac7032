// Deterministic evaluation transform: torchvision's Resize(round(S / 0.875)) +
// CenterCrop(S) into one packed RGB8 batch (the probe / kNN input).
import sharp from 'sharp';
import { toNativeImages } from '../ops/image_batch.js';
import { invalid, knownKeys, numberIn, positiveInteger } from '../validate.js';
import { decodeLimiter } from './decode.js';
import { crop, resizeBilinear } from './resize.js';
import type { RgbImage } from './types.js';

export interface PackedRgbBatch {
  data: Uint8Array;
  count: number;
  height: number;
  width: number;
}

export interface EvalTransformOptions {
  /** Centre-crop fraction of the resized shorter side (default 0.875, torchvision's 224/256). */
  cropFraction?: number;
}

/** Images up to this side are resized in TS, larger ones (photos) with sharp. */
export const SMALL_IMAGE_SIDE = 64;

/** Python's round(): half to even, as torchvision's CenterCrop offsets. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Resized size of (h, w): shorter side -> short, longer side truncated like torchvision. */
export function resizedSize(h: number, w: number, short: number): [number, number] {
  return h <= w ? [short, Math.floor((short * w) / h)] : [Math.floor((short * h) / w), short];
}

async function resizeWithSharp(img: RgbImage, h: number, w: number): Promise<RgbImage> {
  const data = await decodeLimiter.run(() => sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer());
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), height: h, width: w };
}

export async function evalTransformOne(img: RgbImage, size: number, cropFraction: number): Promise<RgbImage> {
  if (img.height === size && img.width === size) return img;
  // Images smaller than the crop have no border to trim: resize the shorter side to S.
  const short = Math.min(img.height, img.width) >= size ? Math.round(size / cropFraction) : size;
  const [h, w] = resizedSize(img.height, img.width, short);
  const resized = img.height === h && img.width === w ? img
    : Math.max(img.height, img.width) <= SMALL_IMAGE_SIDE ? resizeBilinear(img, h, w) : await resizeWithSharp(img, h, w);
  return crop(resized, roundHalfEven((h - size) / 2), roundHalfEven((w - size) / 2), size, size);
}

/** Resize + centre crop every image to size x size, packed NHWC RGB8. */
export async function evalTransform(images: RgbImage[], size: number, options: EvalTransformOptions = {}): Promise<PackedRgbBatch> {
  if (!Array.isArray(images)) throw invalid('an array of RGB images', 'images', images);
  const S = positiveInteger(size, 'size');
  const o = knownKeys(options, 'options', ['cropFraction'], 'evalTransform');
  const cropFraction = o.cropFraction === undefined ? 0.875 : numberIn(o.cropFraction, 'cropFraction', 0.01, 1);
  if (images.length > 0) toNativeImages(images);  // validates every image
  const out = await Promise.all(images.map((img) => evalTransformOne(img, S, cropFraction)));
  const data = new Uint8Array(out.length * S * S * 3);
  out.forEach((img, i) => data.set(img.data, i * S * S * 3));
  return { data, count: out.length, height: S, width: S };
}
