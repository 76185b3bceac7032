// Seeded per-class holdout for folders without an official test split: the
// same (seed, files) always gives the same split, and a class's split depends
// only on its own name and files (adding a class leaves the others unchanged).
import { permutation } from './prng.js';

export const HOLDOUT_FRACTION = 0.1;

/** FNV-1a over UTF-16 code units: a stable number from a class name. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Held-out count of a class: ~10%, at least 1 when the class has 2+ files, never all of them. */
export function holdoutCount(n: number): number {
  return n < 2 ? 0 : Math.max(1, Math.round(n * HOLDOUT_FRACTION));
}

/** Splits one class's sorted files; both halves stay in sorted order. */
export function holdout(files: string[], className: string, seed: number): { train: string[]; test: string[] } {
  const k = holdoutCount(files.length);
  const test = new Set(permutation(files.length, seed, hashName(className)).subarray(0, k));
  return {
    train: files.filter((_, i) => !test.has(i)),
    test: files.filter((_, i) => test.has(i)),
  };
}
