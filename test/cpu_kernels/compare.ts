// Running a kernel with the native overrides and with tfjs-backend-cpu's own
// JS kernel, and comparing the two.
//
// Tolerance: the stock kernels accumulate in float64 (JS numbers), the native
// ones in float32 in a blocked order. A float32 sum of D products, each at
// most |a|max * |b|max, is off by at most ~D * eps32 * |a|max * |b|max in the
// worst case (and ~sqrt(D) times less in practice); we allow
// 1e-6 * D * |a|max * |b|max (about 8 ulps per term), which a wrong tap,
// channel, pad or transpose exceeds by orders of magnitude.
import { expect } from 'vitest';
import { tf } from '../../src/index.js';
import { registerNativeCpuKernels, unregisterNativeCpuKernels } from '../../src/kernels/cpu/register_all_kernels.js';
import { randomMatrix } from '../helpers.js';

type Inputs = Record<string, tf.Tensor | undefined>;
type Attrs = Record<string, unknown>;

export function random(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomMatrix(1, shape.reduce((a, b) => a * b, 1), seed), shape);
}

export function run(kernel: string, inputs: Inputs, attrs: Attrs): tf.Tensor {
  const defined = Object.fromEntries(Object.entries(inputs).filter(([, t]) => t !== undefined)) as Record<string, tf.Tensor>;
  return tf.engine().runKernel(kernel, defined, attrs as never) as tf.Tensor;
}

export function runStock(kernel: string, inputs: Inputs, attrs: Attrs): tf.Tensor {
  unregisterNativeCpuKernels();
  try {
    return run(kernel, inputs, attrs);
  } finally {
    registerNativeCpuKernels();
  }
}

export function withStockKernels<T>(f: () => T): T {
  unregisterNativeCpuKernels();
  try {
    return f();
  } finally {
    registerNativeCpuKernels();
  }
}

export function maxAbs(t: tf.Tensor): number {
  const v = t.dataSync();
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

/** Asserts |native - stock| <= 1e-6 * depth * scale everywhere (see the header). */
export function expectClose(native: tf.Tensor, stock: tf.Tensor, depth: number, scale: number): void {
  expect(native.shape).toEqual(stock.shape);
  const a = native.dataSync(), b = stock.dataSync();
  const tol = 1e-6 * Math.max(depth, 1) * scale;
  let worst = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    const nanA = Number.isNaN(a[i]), nanB = Number.isNaN(b[i]);
    if (nanA || nanB) {
      if (nanA !== nanB) { worst = Infinity; at = i; }
      continue;
    }
    const d = Math.abs(a[i] - b[i]);
    if (d > worst) { worst = d; at = i; }
  }
  expect(worst, `max |diff| ${worst} at ${at} (native ${a[at]}, stock ${b[at]}), tolerance ${tol}`).toBeLessThanOrEqual(tol);
}

/** Asserts the same shape and the same float32 values bit for bit (-0 is not +0); any NaN matches any NaN. */
export function expectSameValues(native: tf.Tensor, stock: tf.Tensor): void {
  expect(native.shape).toEqual(stock.shape);
  expect(native.dtype).toBe(stock.dtype);
  const a = native.dataSync(), b = stock.dataSync();
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (!Object.is(a[i], b[i])) expect.fail(`at ${i}: native ${Object.is(a[i], -0) ? '-0' : a[i]}, stock ${Object.is(b[i], -0) ? '-0' : b[i]}`);
  }
}

const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 1, -1];

/** Like random(), with NaN, +-0, +-Inf and +-1 at every `every`-th element (offset by seed). */
export function randomWithSpecials(shape: number[], seed: number, every = 5): tf.Tensor {
  const v = randomMatrix(1, shape.reduce((a, b) => a * b, 1), seed);
  for (let i = seed % every, k = seed; i < v.length; i += every, k++) v[i] = SPECIALS[k % SPECIALS.length];
  return tf.tensor(v, shape);
}
