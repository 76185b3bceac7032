// Small seeded PRNG and shuffle: the loader's batch order and the folder
// holdout must be reproducible from (seed, epoch) alone.

/** Mixes a 32-bit value (murmur3 finaliser) so nearby seeds give unrelated streams. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** 32-bit state from any number of non-negative safe integers (both halves of each count). */
export function seedState(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) {
    h = mix32(h ^ (k >>> 0));
    h = mix32(h ^ Math.floor(k / 2 ** 32));
  }
  return h;
}

/** Mulberry32 generator: uniform doubles in [0, 1). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Indexable<T> {
  length: number;
  [i: number]: T;
}

/** In-place Fisher-Yates shuffle. */
export function shuffleInPlace<T>(items: Indexable<T>, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/** A seeded permutation of 0..n-1. */
export function permutation(n: number, ...keys: number[]): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleInPlace(p, mulberry32(seedState(...keys)));
  return p;
}
