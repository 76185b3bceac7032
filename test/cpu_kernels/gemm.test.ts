// The blocked, threaded GEMM vs the plain reference GEMM (float64
// accumulation), on shapes around the register tile and the cache blocks,
// and the native entry points' argument checks.
import { describe, expect, it } from 'vitest';
import { native } from '../../src/native/index.js';
import { randomMatrix } from '../helpers.js';

const { mr, nr, nrMin, kc } = native.gemmConfig();

// N around the narrow panels too (the last columns of a product take panels of nrMin..nr/2 columns): exactly one,
// one short, one over, a mix of widths after full panels.
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [mr, nr, kc], [mr + 1, nr - 1, kc + 1], [mr - 1, nr + 1, kc - 1], [2 * mr + 3, 3 * nr + 5, 2 * kc + 7],
  [1, 300, 17], [300, 1, 17], [150, 520, 40], [37, 29, 1000], [1000, 24, 9], [16, 16, 3000],
  [2 * mr + 5, nrMin, 72], [mr, nrMin - 1, 9], [3 * mr + 1, nrMin + 1, kc + 3], [mr + 7, nr / 2, 144],
  [5 * mr, nr / 2 + nrMin, 27], [2 * mr - 1, nr + nrMin, 8], [4 * mr + 2, 2 * nr + nr / 2 + nrMin - 3, 50],
  [777, nrMin, 3 * kc + 1], [13, 2 * nrMin, 5000],
];

describe('gemm vs the reference gemm', () => {
  it(`is built for ${native.gemmConfig().isa} with an ${mr} x ${nr} register tile, panels down to ${nrMin} wide`, () => {
    expect(mr * nr).toBeGreaterThan(0);
    expect(nrMin).toBeGreaterThan(0);
    expect(nr % nrMin).toBe(0);
  });

  it.each(SHAPES.flatMap(([M, N, K]) => [false, true].flatMap((tA) => [false, true].map((tB) => [M, N, K, tA, tB] as const))))(
    'M=%i N=%i K=%i transposeA=%s transposeB=%s', (M, N, K, tA, tB) => {
      const a = randomMatrix(M, K, M * 7 + K), b = randomMatrix(K, N, N * 13 + K);
      const got = new Float32Array(M * N).fill(NaN), want = new Float32Array(M * N);
      native.sgemm(tA, tB, M, N, K, a, b, got, false);
      native.sgemm(tA, tB, M, N, K, a, b, want, true);
      // float32 sum of K products of values in [-1, 1] (see compare.ts).
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThanOrEqual(1e-6 * K);
      expect(got.every(Number.isFinite)).toBe(true);
    });

  it('writes zeros for an empty depth (K = 0)', () => {
    const c = new Float32Array(6).fill(5);
    native.sgemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, false);
    expect([...c]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('native CPU kernels reject bad arguments with errors', () => {
  const geometry = Int32Array.of(1, 4, 4, 2, 4, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1);
  const x = new Float32Array(32), w = new Float32Array(54), y = new Float32Array(48);

  it('short arrays, bad geometry, bad epilogue', () => {
    expect(() => native.conv2d(x, w, geometry, y, null, null, 0, 0)).not.toThrow();
    expect(() => native.conv2d(x.subarray(1), w, geometry, y, null, null, 0, 0)).toThrow(/x is too short/);
    expect(() => native.conv2d(x, w, geometry, new Float32Array(47), null, null, 0, 0)).toThrow(/y is too short/);
    expect(() => native.conv2d(x, w, geometry.map((v, i) => (i === 9 ? 0 : v)), y, null, null, 0, 0)).toThrow(/>= 1/);
    expect(() => native.conv2d(x, w, geometry.subarray(1), y, null, null, 0, 0)).toThrow(/geometry is too short/);
    expect(() => native.conv2d(x, w, geometry, y, new Float32Array(2), null, 0, 0)).toThrow(/bias/);
    expect(() => native.conv2d(x, w, geometry, y, null, null, 5, 0)).toThrow(/prelu/);
    expect(() => native.conv2d(x, w, geometry, y, null, null, 9, 0)).toThrow(/activation/);
    expect(() => native.conv2dBackpropInput(y, w, geometry, new Float32Array(31))).toThrow(/dx is too short/);
    expect(() => native.conv2dBackpropFilter(x, y, geometry, new Float32Array(53))).toThrow(/dw is too short/);
    expect(() => native.conv2d(x as never, w, [1, 2] as never, y, null, null, 0, 0)).toThrow(/typed array/);
  });

  it('batchMatMul checks batch indices against the operands', () => {
    const dims = Int32Array.of(2, 2, 2, 2, 0, 0);
    const a = new Float32Array(8), b = new Float32Array(4), c = new Float32Array(8);
    const zeros = new Int32Array(2);
    expect(() => native.batchMatMul(a, b, c, dims, Int32Array.of(0, 1), zeros, null, null, 0, 0)).not.toThrow();
    expect(() => native.batchMatMul(a, b, c, dims, zeros, Int32Array.of(0, 1), null, null, 0, 0)).toThrow(/b is too short/);
    expect(() => native.batchMatMul(a, b, c, dims, Int32Array.of(0, -1), zeros, null, null, 0, 0)).toThrow(/negative/);
  });
});
