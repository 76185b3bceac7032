import { describe, expect, it } from 'vitest';
import { negativeCosineSimilarity, simsiamLoss, tf } from '../src/index.js';
import { native } from '../src/native/index.js';
import { maxAbsDiff, randomMatrix } from './helpers.js';

// float64 reference of D(p, z) and dD/dp (PyTorch's normalize semantics).
function refD(p: Float32Array, z: Float32Array, B: number, D: number): { loss: number; grad: Float64Array } {
  const eps = 1e-12;
  const grad = new Float64Array(B * D);
  let loss = 0;
  for (let i = 0; i < B; i++) {
    let pp = 0, zz = 0, pz = 0;
    for (let j = 0; j < D; j++) {
      const a = p[i * D + j], b = z[i * D + j];
      pp += a * a; zz += b * b; pz += a * b;
    }
    const np = Math.max(Math.sqrt(pp), eps), nz = Math.max(Math.sqrt(zz), eps);
    const cos = pz / (np * nz);
    loss -= cos / B;
    for (let j = 0; j < D; j++) {
      const pTerm = Math.sqrt(pp) > eps ? (cos * p[i * D + j]) / np : 0;
      grad[i * D + j] = (-(1 / B) * (z[i * D + j] / nz - pTerm)) / np;
    }
  }
  return { loss, grad };
}

// The stock tfjs composition: what a user would write without the fused op
// (only differentiated w.r.t. p here; tfjs has no stop-gradient op).
function stockD(p: tf.Tensor, z: tf.Tensor): tf.Scalar {
  const zs = z;
  const pn = tf.div(p, tf.maximum(tf.norm(p, 'euclidean', 1, true), 1e-12));
  const zn = tf.div(zs, tf.maximum(tf.norm(zs, 'euclidean', 1, true), 1e-12));
  return tf.neg(tf.mean(tf.sum(tf.mul(pn, zn), 1)));
}

const SHAPES: Array<[number, number]> = [[1, 1], [3, 5], [17, 33], [64, 2048], [300, 7]];

describe('simsiamLoss forward', () => {
  it.each(SHAPES)('matches the float64 reference at B=%i, D=%i', (B, D) => {
    const [p1, p2, z1, z2] = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s * 1000 + B + D));
    const want = 0.5 * refD(p1, z2, B, D).loss + 0.5 * refD(p2, z1, B, D).loss;
    const got = simsiamLoss(tf.tensor2d(p1, [B, D]), tf.tensor2d(p2, [B, D]), tf.tensor2d(z1, [B, D]), tf.tensor2d(z2, [B, D]));
    expect(got.shape).toEqual([]);
    expect(Math.abs(got.dataSync()[0] - want)).toBeLessThan(1e-6);
  });

  it('negativeCosineSimilarity matches the reference and has minimum -1 at p = z', () => {
    const B = 9, D = 13;
    const p = randomMatrix(B, D, 5), z = randomMatrix(B, D, 6);
    expect(Math.abs(negativeCosineSimilarity(tf.tensor2d(p, [B, D]), tf.tensor2d(z, [B, D])).dataSync()[0] - refD(p, z, B, D).loss)).toBeLessThan(1e-6);
    const same = tf.tensor2d(p, [B, D]);
    expect(negativeCosineSimilarity(same, tf.mul(same, 3)).dataSync()[0]).toBeCloseTo(-1, 6);
  });

  it('is bitwise reproducible', () => {
    const t = [1, 2, 3, 4].map((s) => tf.tensor2d(randomMatrix(256, 129, s), [256, 129]));
    const a = simsiamLoss(t[0], t[1], t[2], t[3]).dataSync()[0];
    const b = simsiamLoss(t[0], t[1], t[2], t[3]).dataSync()[0];
    expect(a).toBe(b);
  });
});

describe('simsiamLoss gradients', () => {
  it.each([[4, 6], [33, 65], [128, 256]] as Array<[number, number]>)('match the float64 reference and tfjs autograd of the stock composition at B=%i, D=%i', (B, D) => {
    const xs = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s * 77 + D));
    const ts = xs.map((x) => tf.tensor2d(x, [B, D]));
    const [g1, g2, gz1, gz2] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => simsiamLoss(a, b, c, d))(ts);
    const r1 = refD(xs[0], xs[3], B, D).grad.map((g) => 0.5 * g);
    const r2 = refD(xs[1], xs[2], B, D).grad.map((g) => 0.5 * g);
    expect(maxAbsDiff(g1.dataSync(), r1)).toBeLessThan(1e-7);
    expect(maxAbsDiff(g2.dataSync(), r2)).toBeLessThan(1e-7);
    // Stop-gradient: z gets exactly zero.
    expect(maxAbsDiff(gz1.dataSync(), new Float32Array(B * D))).toBe(0);
    expect(maxAbsDiff(gz2.dataSync(), new Float32Array(B * D))).toBe(0);
    const [s1, s2] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.add(tf.mul(0.5, stockD(a, ts[3])), tf.mul(0.5, stockD(b, ts[2]))))([ts[0], ts[1]]);
    expect(maxAbsDiff(g1.dataSync(), s1.dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(g2.dataSync(), s2.dataSync())).toBeLessThan(1e-6);
  });

  it('match central finite differences', () => {
    const B = 3, D = 4;
    const xs = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s + 40));
    const f64 = (p1: Float32Array) => 0.5 * refD(p1, xs[3], B, D).loss + 0.5 * refD(xs[1], xs[2], B, D).loss;
    const [g1] = tf.grads((a: tf.Tensor) => simsiamLoss(a, tf.tensor2d(xs[1], [B, D]), tf.tensor2d(xs[2], [B, D]), tf.tensor2d(xs[3], [B, D])))([tf.tensor2d(xs[0], [B, D])]);
    const g = g1.dataSync();
    for (let k = 0; k < B * D; k++) {
      const h = 1e-3;
      const plus = Float32Array.from(xs[0]); plus[k] += h;
      const minus = Float32Array.from(xs[0]); minus[k] -= h;
      const fd = (f64(plus) - f64(minus)) / (plus[k] - minus[k]);
      expect(Math.abs(g[k] - fd)).toBeLessThan(2e-4);
    }
  });

  it('scale with dy and flow through tf.variableGrads', () => {
    const B = 8, D = 16;
    const vars = [1, 2].map((s) => tf.variable(tf.tensor2d(randomMatrix(B, D, s), [B, D])));
    const z1 = tf.tensor2d(randomMatrix(B, D, 3), [B, D]), z2 = tf.tensor2d(randomMatrix(B, D, 4), [B, D]);
    const once = tf.variableGrads(() => simsiamLoss(vars[0], vars[1], z1, z2), vars);
    const thrice = tf.variableGrads(() => tf.mul(3, simsiamLoss(vars[0], vars[1], z1, z2)), vars);
    const name = vars[0].name;
    expect(maxAbsDiff(thrice.grads[name].dataSync(), tf.mul(3, once.grads[name]).dataSync())).toBeLessThan(1e-7);
    expect(thrice.value.dataSync()[0]).toBeCloseTo(3 * once.value.dataSync()[0], 6);
  });

  it('lower the loss under optimizer.minimize', () => {
    const B = 16, D = 32;
    const p1 = tf.variable(tf.tensor2d(randomMatrix(B, D, 11), [B, D]));
    const p2 = tf.variable(tf.tensor2d(randomMatrix(B, D, 12), [B, D]));
    const z1 = tf.tensor2d(randomMatrix(B, D, 13), [B, D]), z2 = tf.tensor2d(randomMatrix(B, D, 14), [B, D]);
    const opt = tf.train.sgd(50);
    const first = opt.minimize(() => simsiamLoss(p1, p2, z1, z2), true)!.dataSync()[0];
    let last = first;
    for (let i = 0; i < 50; i++) last = opt.minimize(() => simsiamLoss(p1, p2, z1, z2), true)!.dataSync()[0];
    expect(last).toBeLessThan(first - 0.1);
    expect(last).toBeGreaterThanOrEqual(-1 - 1e-6);
  });

  it('give no NaN for zero rows, where the stock composition does', () => {
    const B = 4, D = 5;
    const p = randomMatrix(B, D, 21), z = randomMatrix(B, D, 22);
    p.fill(0, 0, D);      // row 0 of p is zero
    z.fill(0, 2 * D, 3 * D);  // row 2 of z is zero
    const pt = tf.tensor2d(p, [B, D]), zt = tf.tensor2d(z, [B, D]);
    const [gp] = tf.grads((a: tf.Tensor) => negativeCosineSimilarity(a, zt))([pt]);
    const loss = negativeCosineSimilarity(pt, zt).dataSync()[0];
    expect(Number.isFinite(loss)).toBe(true);
    expect(Math.abs(loss - refD(p, z, B, D).loss)).toBeLessThan(1e-6);
    expect(gp.dataSync().every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(gp.dataSync().subarray(2 * D, 3 * D), new Float32Array(D))).toBe(0);
    const [stock] = tf.grads((a: tf.Tensor) => stockD(a, zt))([pt]);
    expect(stock.dataSync().some(Number.isNaN)).toBe(true);
  });

  it('leak no tensors', () => {
    const ts = [1, 2, 3, 4].map((s) => tf.tensor2d(randomMatrix(8, 8, s), [8, 8]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => simsiamLoss(a, b, ts[2], ts[3]))([ts[0], ts[1]]);
      tf.dispose(grads);
    }
    simsiamLoss(ts[0], ts[1], ts[2], ts[3]).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('simsiamLoss input validation', () => {
  const ok = tf.zeros([2, 3]);
  it.each([
    [() => simsiamLoss([1, 2] as any, ok, ok, ok), TypeError, 'Expected a tf.Tensor for p1 of simsiamLoss but received an array of length 2'],
    [() => simsiamLoss(ok, tf.zeros([2, 3], 'int32'), ok, ok), TypeError, 'Expected a float32 tensor for p2 of simsiamLoss but received dtype int32'],
    [() => simsiamLoss(ok, ok, tf.zeros([6]), ok), RangeError, 'Expected a [B, D] tensor with B, D >= 1 for z1 of simsiamLoss but received shape [6]'],
    [() => simsiamLoss(ok, ok, ok, tf.zeros([2, 4])), RangeError, 'Expected z2 of simsiamLoss to have the shape of p1, [2,3], but received [2,4]'],
    [() => simsiamLoss(ok, ok, ok, tf.zeros([0, 3])), RangeError, 'Expected a [B, D] tensor with B, D >= 1 for z2 of simsiamLoss but received shape [0,3]'],
    [() => negativeCosineSimilarity(ok, null as any), TypeError, 'Expected a tf.Tensor for z of negativeCosineSimilarity but received null'],
  ])('%#: rejects bad input with a clear error', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('rejects disposed tensors', () => {
    const t = tf.zeros([2, 3]);
    t.dispose();
    expect(() => simsiamLoss(t, ok, ok, ok)).toThrow('Expected a live tf.Tensor for p1 of simsiamLoss but received a disposed tensor');
  });

  it('raw binding misuse throws instead of crashing', () => {
    expect(() => native.pairLoss([new Float32Array(2)], [new Float32Array(2)], [null], 2, 2, 1)).toThrow('native: p is too short');
    expect(() => native.pairLoss([new Float64Array(4) as any], [new Float32Array(4)], [null], 2, 2, 1)).toThrow('native: expected a typed array for p');
  });
});
