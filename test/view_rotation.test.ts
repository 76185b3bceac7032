// The digits preset's view rotation (src/ops/view_rotation.ts): exact on the
// pixel grid at multiples of 90 degrees, black corners, seeded angles within
// +-max that a data-parallel worker's share reproduces, and the preset wiring.
import { describe, expect, it } from 'vitest';
import { augmentPair, simsiamAugment, tf } from '../src/index.js';
import { resolveAugmentOptions } from '../src/ops/augment_options.js';
import { rotateViewPair, rotateViews, rotationDegrees } from '../src/ops/view_rotation.js';
import { maxAbsDiff, randomImages } from './helpers.js';

const MEAN = [0.485, 0.456, 0.406], STD = [0.229, 0.224, 0.225];
const BLACK = MEAN.map((m, c) => -m / STD[c]);

/** [1, S, S, 1] tensor of 0..S*S-1 in row-major order. */
const ramp = (S: number) => tf.tensor4d(Float32Array.from({ length: S * S }, (_, i) => i), [1, S, S, 1]);

describe('rotateViews', () => {
  it('0 degrees is the identity; 90, 180 and 270 degrees permute the pixel grid', () => {
    const S = 5, x = ramp(S), at = (v: Float32Array, r: number, c: number) => v[r * S + c];
    const [r0, r90, r180, r270] = [0, 90, 180, 270].map((d) => rotateViews(x, [d], [-1]).dataSync() as Float32Array);
    expect(Array.from(r0)).toEqual(Array.from(x.dataSync()));
    for (let r = 0; r < S; r++)
      for (let c = 0; c < S; c++) {
        // Counter-clockwise on screen (rows run down): the right column comes to the top row.
        expect(at(r90, r, c)).toBeCloseTo(c * S + (S - 1 - r), 4);
        expect(at(r180, r, c)).toBeCloseTo((S - 1 - r) * S + (S - 1 - c), 4);
        expect(at(r270, r, c)).toBeCloseTo((S - 1 - c) * S + r, 4);
      }
  });

  it('fills what comes from outside the view with the fill value, per channel, and keeps the centre', () => {
    const S = 9;
    const x = tf.fill([2, S, S, 3], 5) as tf.Tensor4D;
    const out = rotateViews(x, [45, -45], [-1, -2, -3]).dataSync() as Float32Array;
    const px = (b: number, r: number, c: number) => Array.from(out.subarray(((b * S + r) * S + c) * 3, ((b * S + r) * S + c) * 3 + 3));
    for (const b of [0, 1]) {
      expect(px(b, 0, 0)).toEqual([-1, -2, -3]);           // a corner maps far outside
      px(b, 4, 4).forEach((v) => expect(v).toBeCloseTo(5, 5));  // the centre stays
    }
    expect(() => rotateViews(x, [1], [0, 0, 0])).toThrow(/Expected 2 angles/);
    expect(() => rotateViews(x, [1, 2], [0])).toThrow(/Expected 3 fill values/);
  });
});

describe('rotation angles', () => {
  it('are uniform in [-max, max], reproducible, and differ between views and images', () => {
    const draws = Array.from({ length: 4000 }, (_, i) => rotationDegrees(123456789012, i >> 1, i & 1, 15));
    expect(Math.max(...draws)).toBeLessThanOrEqual(15);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(-15);
    const bins = [0, 0, 0, 0, 0, 0];
    for (const d of draws) bins[Math.min(5, Math.floor((d + 15) / 5))]++;
    for (const b of bins) expect(Math.abs(b - 4000 / 6)).toBeLessThan(4 * Math.sqrt(4000 / 6));  // within 4 sigma
    expect(rotationDegrees(7, 3, 0, 15)).toBe(rotationDegrees(7, 3, 0, 15));
    expect(rotationDegrees(7, 3, 0, 15)).not.toBe(rotationDegrees(7, 3, 1, 15));
    expect(rotationDegrees(7, 3, 0, 15)).not.toBe(rotationDegrees(8, 3, 0, 15));
    expect(rotationDegrees(7, 3, 0, 0)).toBe(0);
  });

  it("a data-parallel worker's share (firstIndex, indexStride) gets the angles of those images in the whole batch", () => {
    const views = [tf.zeros([6, 4, 4, 3]), tf.zeros([6, 4, 4, 3])] as [tf.Tensor4D, tf.Tensor4D];
    const share = [tf.zeros([3, 4, 4, 3]), tf.zeros([3, 4, 4, 3])] as [tf.Tensor4D, tf.Tensor4D];
    const { config } = resolveAugmentOptions({ preset: 'digits' });
    const whole = rotateViewPair(views, config, 99, 15).degrees;
    const worker1 = rotateViewPair(share, { ...config, firstIndex: 1, indexStride: 2 }, 99, 15).degrees;
    for (const v of [0, 1]) expect(worker1[v]).toEqual([1, 3, 5].map((i) => whole[v][i]));
  });
});

describe('the digits preset', () => {
  const images = { data: randomImages(4, 28, 28, 3), count: 4, height: 28, width: 28 };

  it('rotates each view by up to 15 degrees (reported in params), after no flip and no colour change', async () => {
    const { config, rotation } = resolveAugmentOptions({ preset: 'digits' });
    expect(rotation).toBe(15);
    expect(config).toMatchObject({ size: 28, scaleMin: 0.4, flipProb: 0, saturation: 0, hue: 0, grayscaleProb: 0 });
    expect(resolveAugmentOptions({ preset: 'cifar' }).rotation).toBe(0);
    expect(resolveAugmentOptions({ preset: 'imagenet' }).rotation).toBe(0);
    const { params } = await augmentPair(images, { preset: 'digits', seed: 4, returnParams: true });
    for (const views of params!) for (const p of views) {
      expect(Math.abs(p.rotation!)).toBeLessThanOrEqual(15);
      expect(p.flip).toBe(false);
    }
    expect(params![0][0].rotation).not.toBe(params![1][0].rotation);
    const cifar = await augmentPair(images, { preset: 'cifar', seed: 4, returnParams: true });
    expect(cifar.params![0][0].rotation).toBeUndefined();
  });

  it('is the unrotated views turned by the drawn angles; rotation 0 turns it off; simsiamAugment agrees', async () => {
    const turned = await augmentPair(images, { preset: 'digits', seed: 11, returnParams: true });
    const plain = await augmentPair(images, { preset: 'digits', seed: 11, rotation: 0 });
    const again = await augmentPair(images, { preset: 'digits', seed: 11 });
    expect(maxAbsDiff(turned.view1.dataSync(), again.view1.dataSync())).toBe(0);
    const want = rotateViews(plain.view1, turned.params![0].map((p) => p.rotation!), BLACK);
    expect(maxAbsDiff(turned.view1.dataSync(), want.dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(turned.view1.dataSync(), plain.view1.dataSync())).toBeGreaterThan(0.1);
    const op = simsiamAugment(tf.tensor4d(Int32Array.from(images.data), [4, 28, 28, 3], 'int32'), { preset: 'digits', seed: 11 });
    expect(maxAbsDiff(op.view2.dataSync(), turned.view2.dataSync())).toBeLessThan(1e-4);
  });

  it('refuses a rotation outside 0..180 degrees', () => {
    expect(() => resolveAugmentOptions({ preset: 'digits', rotation: -1 })).toThrow(/rotation/);
    expect(() => resolveAugmentOptions({ preset: 'digits', rotation: 181 })).toThrow(/rotation/);
    expect(() => resolveAugmentOptions({ rotation: 'x' as unknown as number })).toThrow(/rotation/);
  });
});
