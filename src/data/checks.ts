// Argument checks of the data layer, on top of the shared sharp-style helpers.
import { invalid, isInteger, outOfRange, positiveInteger } from '../validate.js';
import type { RgbImage } from './types.js';

export function nonNegativeInteger(v: unknown, name: string): number {
  if (!isInteger(v) || v > Number.MAX_SAFE_INTEGER) throw invalid('non-negative integer', name, v);
  if (v < 0) throw outOfRange('non-negative integer', name, v);
  return v;
}

export function boolean(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw invalid('boolean', name, v);
  return v;
}

/** Rejects keys the caller did not expect (a typo would otherwise be silently ignored). */
export function knownKeys(o: unknown, name: string, known: readonly string[], what: string): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw invalid('an options object', name, o);
  for (const key of Object.keys(o))
    if (!known.includes(key)) throw new TypeError(`Unknown option ${key} for ${what} (known: ${known.join(', ')})`);
  return o as Record<string, unknown>;
}

/** Indices a split can read: integers in [0, size). */
export function checkIndices(indices: unknown, size: number): number[] {
  if (!Array.isArray(indices)) throw invalid('an array of record indices', 'indices', indices);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!isInteger(v)) throw invalid('integer record index', `indices[${i}]`, v);
    if (v < 0 || v >= size) throw outOfRange(`integer between 0 and ${size - 1}`, `indices[${i}]`, v);
  }
  return indices as number[];
}

/** A packed RGB8 image: positive sizes and exactly height*width*3 bytes. */
export function checkRgbImage(img: unknown, name: string): RgbImage {
  if (img === null || typeof img !== 'object') throw invalid('{ data, height, width }', name, img);
  const { data, height, width } = img as RgbImage;
  positiveInteger(height, `${name}.height`);
  positiveInteger(width, `${name}.width`);
  if (!(data instanceof Uint8Array)) throw invalid('Uint8Array of RGB pixels', `${name}.data`, data);
  if (data.length !== height * width * 3)
    throw new RangeError(`Expected ${height * width * 3} bytes (height*width*3) for ${name}.data but received ${data.length}`);
  return img as RgbImage;
}
