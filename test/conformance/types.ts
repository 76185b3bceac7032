// The conformance suite: each case runs the same tfjs ops, on the same seeded
// inputs, on `cpu` and on `cuda`, and compares every output. The cases import
// nothing from vitest, so the offline GPU bundle runs them too
// (scripts/gpu_suite.ts); test/cuda/conformance.test.ts runs them in CI on
// the host reference device and under `npm run test:gpu` on a GPU.
import type { DataType, Tensor } from '@tensorflow/tfjs-core';
import type { tf as TF } from '../../src/tf.js';

export type Tf = typeof TF;

export interface RandOptions {
  min?: number;
  max?: number;
  dtype?: DataType;
}

/** A seeded tensor on the active backend; the same sequence on every backend. */
export type Rand = (shape: number[], options?: RandOptions) => Tensor;

/** |cuda - cpu| <= abs + rel * |cpu| for every value; NaN must match NaN. */
export interface Tolerance {
  abs: number;
  rel: number;
}

export interface ConformanceCase {
  /** The tfjs kernel(s) the case exercises on `cuda`. */
  kernels: string[];
  name: string;
  run: (tf: Tf, rand: Rand) => Tensor | Tensor[];
  tolerance?: Tolerance;
  seed?: number;
}

// Documented per kernel family in the case files; these are the building blocks.
export const TOLERANCE = {
  /** IEEE float32 operations computed the same way on both sides. */
  exact: { abs: 0, rel: 0 },
  /** Rounded once from double (exp, log, pow, ...): CUDA's and glibc's doubles may differ in the last bit. */
  roundedFromDouble: { abs: 1e-37, rel: 1.2e-7 },
  /** Sums in a different order (reductions, matrix products, convolutions in fp32). */
  summation: { abs: 1e-5, rel: 1e-5 },
} as const;
