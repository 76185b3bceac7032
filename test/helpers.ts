// Shared test helpers: seeded random data and comparisons.
import { nativeInfo } from '../src/index.js';
import { mulberry32 } from '../src/data/prng.js';

/** Seeded PRNG for test data (the loader's mulberry32). */
export const rng = (seed: number): (() => number) => mulberry32(seed);

export function randomMatrix(B: number, D: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: B * D }, () => r() * 2 - 1);
}

export function randomImages(count: number, height: number, width: number, seed: number): Uint8Array {
  const r = rng(seed);
  // Smooth-ish content (gradients + noise) so crops and blur are not trivial.
  const out = new Uint8Array(count * height * width * 3);
  for (let i = 0, n = 0; n < count; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < 3; c++, i++)
          out[i] = Math.min(255, Math.floor((x * 97 + y * 57 + c * 80 + n * 31) % 256 * 0.7 + r() * 77));
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export const hasCudaDevice = nativeInfo().devices.length > 0;
export const requireGpu = process.env.SIMSIAM_REQUIRE_GPU === '1';
