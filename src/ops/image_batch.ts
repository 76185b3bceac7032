// ImageBatch validation: packed NHWC RGB8 batches and ragged lists, turned
// into the per-image arrays the native augmentation takes (no pixel copies).
import { describe, invalid, outOfRange, positiveInteger } from '../validate.js';

/**
 * Largest image side accepted (JPEG's limit). Sides go to the kernels as
 * int32 and row strides as int32 side*3: this keeps them, and h*w*3, exact.
 */
const MAX_IMAGE_SIDE = 65535;

function imageSide(v: unknown, name: string): number {
  const side = positiveInteger(v, name);
  if (side > MAX_IMAGE_SIDE) throw outOfRange(`integer from 1 to ${MAX_IMAGE_SIDE}`, name, v);
  return side;
}

export type ImageBatch =
  | { data: Uint8Array; count: number; height: number; width: number }
  | Array<{ data: Uint8Array; height: number; width: number }>;

export interface NativeImages {
  images: Uint8Array[];
  heights: Int32Array;
  widths: Int32Array;
}

function rgbData(data: unknown, name: string, pixels: number, count = 1): Uint8Array {
  if (!(data instanceof Uint8Array)) throw invalid('Uint8Array of RGB pixels', name, data);
  const expected = pixels * 3 * count;
  if (data.length !== expected) {
    const channels = data.length / (pixels * count);
    const hint = Number.isInteger(channels) ? ` (${channels} channel${channels === 1 ? '' : 's'}; only 3-channel RGB is accepted)` : '';
    throw new RangeError(`Expected ${expected} bytes (${count > 1 ? 'count*' : ''}height*width*3) for ${name} but received ${data.length}${hint}`);
  }
  return data;
}

export function toNativeImages(batch: ImageBatch): NativeImages {
  if (Array.isArray(batch)) {
    if (batch.length === 0) throw new RangeError('Expected at least one image for images but received an empty array');
    const n = batch.length;
    const heights = new Int32Array(n), widths = new Int32Array(n);
    const images = batch.map((img, i) => {
      if (img === null || typeof img !== 'object') throw invalid('{ data, height, width }', `images[${i}]`, img);
      const height = imageSide(img.height, `images[${i}].height`);
      const width = imageSide(img.width, `images[${i}].width`);
      heights[i] = height;
      widths[i] = width;
      return rgbData(img.data, `images[${i}].data`, height * width);
    });
    return { images, heights, widths };
  }
  if (batch === null || typeof batch !== 'object')
    throw new TypeError(`Expected an ImageBatch ({ data, count, height, width } or an array of images) for images but received ${describe(batch)}`);
  const count = positiveInteger(batch.count, 'count');
  const height = imageSide(batch.height, 'height');
  const width = imageSide(batch.width, 'width');
  const data = rgbData(batch.data, 'data', height * width, count);
  const stride = height * width * 3;
  const images = Array.from({ length: count }, (_, i) => data.subarray(i * stride, (i + 1) * stride));
  return { images, heights: new Int32Array(count).fill(height), widths: new Int32Array(count).fill(width) };
}
