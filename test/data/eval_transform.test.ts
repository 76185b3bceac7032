import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { evalTransform, type RgbImage } from '../../src/data/index.js';
import { resizedSize } from '../../src/data/eval_transform.js';
import { resizeBilinear } from '../../src/data/resize.js';
import { randomImages } from '../helpers.js';

const constant = (h: number, w: number, rgb: number[]): RgbImage =>
  ({ data: Uint8Array.from({ length: h * w * 3 }, (_, i) => rgb[i % 3]), height: h, width: w });

describe('resizeBilinear', () => {
  it('uses half-pixel centres without antialias (torch align_corners=False)', () => {
    const img = { data: new Uint8Array([0, 0, 0, 255, 255, 255]), height: 1, width: 2 };
    const out = resizeBilinear(img, 1, 4);
    expect(Array.from(out.data.filter((_, i) => i % 3 === 0))).toEqual([0, 64, 191, 255]);
  });
});

describe('evalTransform', () => {
  it('is the identity for S x S images and packs the batch', async () => {
    const data = randomImages(2, 32, 32, 1);
    const imgs = [0, 1].map((i) => ({ data: data.subarray(i * 3072, (i + 1) * 3072), height: 32, width: 32 }));
    const out = await evalTransform(imgs, 32);
    expect([out.count, out.height, out.width]).toEqual([2, 32, 32]);
    expect(Buffer.from(out.data).equals(Buffer.from(data))).toBe(true);
  });

  it('resizes small images (28x28, 28x40) to S then centre crops', async () => {
    const out = await evalTransform([constant(28, 28, [9, 99, 199]), constant(28, 40, [1, 2, 3])], 32);
    expect([out.count, out.height, out.width, out.data.length]).toEqual([2, 32, 32, 2 * 32 * 32 * 3]);
    expect(out.data.subarray(0, 3072).every((v, i) => v === [9, 99, 199][i % 3])).toBe(true);
    expect(out.data.subarray(3072).every((v, i) => v === [1, 2, 3][i % 3])).toBe(true);
  });

  it('large images: Resize(round(S / 0.875)) of the shorter side + CenterCrop(S), like torchvision', async () => {
    const W = 300, H = 200, S = 64;
    const data = randomImages(1, H, W, 4);
    const [h, w] = resizedSize(H, W, Math.round(S / 0.875));
    expect([h, w]).toEqual([73, 109]);
    // torchvision's offsets: int(round((73 - 64) / 2)) = 4 and int(round((109 - 64) / 2)) = 22 (half to even).
    const want = await sharp(data, { raw: { width: W, height: H, channels: 3 } })
      .resize(w, h, { fit: 'fill', kernel: 'linear' }).extract({ left: 22, top: 4, width: S, height: S }).raw().toBuffer();
    const out = await evalTransform([{ data, height: H, width: W }], S);
    expect([out.count, out.height, out.width]).toEqual([1, S, S]);
    expect(Buffer.from(out.data).equals(want)).toBe(true);
    // A portrait image is cropped the same way along its height.
    expect(resizedSize(W, H, 73)).toEqual([109, 73]);
    const empty = await evalTransform([], 8);
    expect([empty.count, empty.data.length]).toEqual([0, 0]);
  });

  it('rejects bad input with the documented messages', async () => {
    await expect(evalTransform([constant(4, 4, [0, 0, 0])], 0)).rejects.toThrow('Expected positive integer for size but received 0 of type number');
    await expect(evalTransform([constant(4, 4, [0, 0, 0])], 8, { cropFraction: 2 })).rejects.toThrow(
      'Expected number between 0.01 and 1 for cropFraction but received 2 of type number');
    await expect(evalTransform([{ data: new Uint8Array(16), height: 4, width: 4 }], 8)).rejects.toThrow(
      'Expected 48 bytes (height*width*3) for images[0].data but received 16 (1 channel; only 3-channel RGB is accepted)');
  });
});
