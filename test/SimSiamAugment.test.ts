import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { augmentPair, simsiamAugment, tf, type ViewParams } from '../src/index.js';
import { native } from '../src/native/index.js';
import { maxAbsDiff, randomImages } from './helpers.js';
import { referenceView } from './reference/augment_reference.js';

const MEAN = [0.485, 0.456, 0.406], STD = [0.229, 0.224, 0.225];
const IDENTITY = { scale: [1, 1] as [number, number], ratio: [1, 1] as [number, number], flipProb: 0, jitterProb: 0, grayscaleProb: 0, blurProb: 0 };

function view(t: tf.Tensor, i: number): Float32Array {
  const [, S] = t.shape;
  return (t.dataSync() as Float32Array).subarray(i * S! * S! * 3, (i + 1) * S! * S! * 3);
}

describe('augmentPair semantics', () => {
  it('identity parameters reproduce the normalised input exactly', async () => {
    const data = randomImages(3, 16, 16, 1);
    const { view1, view2 } = await augmentPair({ data, count: 3, height: 16, width: 16 }, { ...IDENTITY, size: 16, seed: 5 });
    const want = Float32Array.from(data, (v, i) => Math.fround(Math.fround(Math.fround(v / 255) - Math.fround(MEAN[i % 3])) / Math.fround(STD[i % 3])));
    expect(view1.shape).toEqual([3, 16, 16, 3]);
    expect(maxAbsDiff(view1.dataSync(), want)).toBe(0);
    expect(maxAbsDiff(view2.dataSync(), want)).toBe(0);
  });

  it('flip mirrors the columns of the unflipped view', async () => {
    const data = randomImages(1, 12, 12, 2);
    const batch = { data, count: 1, height: 12, width: 12 };
    const plain = (await augmentPair(batch, { ...IDENTITY, size: 12, seed: 1 })).view1.arraySync() as number[][][][];
    const flipped = await augmentPair(batch, { ...IDENTITY, flipProb: 1, size: 12, seed: 1, returnParams: true });
    expect(flipped.params![0][0].flip).toBe(true);
    expect(flipped.view1.arraySync()).toEqual(plain.map((img) => img.map((row) => row.slice().reverse())));
  });

  it('grayscale makes the three channels equal before normalisation', async () => {
    const data = randomImages(4, 20, 24, 3);
    const { view1 } = await augmentPair({ data, count: 4, height: 20, width: 24 },
      { size: 16, seed: 3, grayscaleProb: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    const v = view1.dataSync();
    for (let i = 0; i < v.length; i += 3) {
      expect(Math.abs(v[i] - v[i + 1])).toBeLessThan(1e-6);
      expect(Math.abs(v[i] - v[i + 2])).toBeLessThan(1e-6);
    }
  });

  it('crops stay inside the image and respect scale/ratio (ragged batch)', async () => {
    const sizes = [[30, 50], [64, 20], [17, 17], [5, 90], [200, 3]];
    const images = sizes.map(([h, w], i) => ({ data: randomImages(1, h, w, 10 + i), height: h, width: w }));
    const { params } = await augmentPair(images, { size: 8, seed: 9, returnParams: true });
    for (const views of params!)
      views.forEach((p, i) => {
        const [h, w] = sizes[i];
        expect(p.crop.x).toBeGreaterThanOrEqual(0);
        expect(p.crop.y).toBeGreaterThanOrEqual(0);
        expect(p.crop.width).toBeGreaterThanOrEqual(1);
        expect(p.crop.height).toBeGreaterThanOrEqual(1);
        expect(p.crop.x + p.crop.width).toBeLessThanOrEqual(w);
        expect(p.crop.y + p.crop.height).toBeLessThanOrEqual(h);
      });
  });

  it('matches the independent float64 reference for every drawn parameter set', async () => {
    const count = 24, H = 23, W = 31;
    const data = randomImages(count, H, W, 4);
    // Every jitter step, grayscale and blur show up often in 2 x 24 views.
    const opts = { size: 20, seed: 77, returnParams: true, jitterProb: 0.9, grayscaleProb: 0.3, blurProb: 0.5 };
    const { view1, view2, params } = await augmentPair({ data, count, height: H, width: W }, opts);
    let worst = 0;
    [view1, view2].forEach((t, v) => {
      for (let i = 0; i < count; i++) {
        const ref = referenceView(data.subarray(i * H * W * 3, (i + 1) * H * W * 3), H, W, params![v][i], { size: 20, mean: MEAN, std: STD });
        worst = Math.max(worst, maxAbsDiff(view(t, i), ref));
      }
    });
    expect(worst).toBeLessThan(1e-4);
    const all = [...params![0], ...params![1]];
    expect(all.some((p) => p.blurSigma !== null)).toBe(true);
    expect(all.some((p) => p.grayscale)).toBe(true);
    expect(all.some((p) => p.jitter !== null)).toBe(true);
  });

  it('the cifar preset makes 32x32 views without blur', async () => {
    const data = randomImages(50, 32, 32, 5);
    const { view1, params } = await augmentPair({ data, count: 50, height: 32, width: 32 }, { preset: 'cifar', seed: 1, returnParams: true });
    expect(view1.shape).toEqual([50, 32, 32, 3]);
    expect([...params![0], ...params![1]].every((p) => p.blurSigma === null)).toBe(true);
  });
});

describe('augmentPair randomness', () => {
  const data = randomImages(6, 24, 24, 6);
  const batch = { data, count: 6, height: 24, width: 24 };

  it('same seed gives the same bytes; another seed other bytes; the two views differ', async () => {
    const a = await augmentPair(batch, { size: 16, seed: 123 });
    const b = await augmentPair(batch, { size: 16, seed: 123 });
    const c = await augmentPair(batch, { size: 16, seed: 124 });
    expect(Buffer.from(a.view1.dataSync().buffer).equals(Buffer.from(b.view1.dataSync().buffer))).toBe(true);
    expect(Buffer.from(a.view2.dataSync().buffer).equals(Buffer.from(b.view2.dataSync().buffer))).toBe(true);
    expect(maxAbsDiff(a.view1.dataSync(), c.view1.dataSync())).toBeGreaterThan(0.1);
    expect(maxAbsDiff(a.view1.dataSync(), a.view2.dataSync())).toBeGreaterThan(0.1);
  });

  it('the tfjs kernel SimSiamAugment gives the same views as augmentPair', async () => {
    const a = await augmentPair(batch, { size: 16, seed: 42 });
    const t = simsiamAugment(tf.tensor4d(Int32Array.from(data), [6, 24, 24, 3], 'int32'), { size: 16, seed: 42 });
    expect(maxAbsDiff(a.view1.dataSync(), t.view1.dataSync())).toBe(0);
    expect(maxAbsDiff(a.view2.dataSync(), t.view2.dataSync())).toBe(0);
  });

  it('drawn parameters follow the spec over 10k views (within 4 sigma)', async () => {
    const count = 5000, H = 32, W = 32;
    const { params } = await augmentPair({ data: randomImages(count, H, W, 7), count, height: H, width: W },
      { size: 4, seed: 2024, returnParams: true });
    const all: ViewParams[] = [...params![0], ...params![1]];
    const n = all.length;
    expect(n).toBe(10000);
    const rate = (pred: (p: ViewParams) => boolean, p: number, name: string) => {
      const k = all.filter(pred).length;
      expect(Math.abs(k / n - p), name).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    };
    rate((p) => p.flip, 0.5, 'flip');
    rate((p) => p.jitter !== null, 0.8, 'jitter');
    rate((p) => p.grayscale, 0.2, 'grayscale');
    rate((p) => p.blurSigma !== null, 0.5, 'blur');
    const jit = all.filter((p) => p.jitter !== null).map((p) => p.jitter!);
    const meanWithin = (xs: number[], mu: number, sd: number, name: string) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(m - mu), name).toBeLessThan((4 * sd) / Math.sqrt(xs.length));
    };
    const u = (lo: number, hi: number) => [(lo + hi) / 2, (hi - lo) / Math.sqrt(12)] as const;
    meanWithin(jit.map((j) => j.brightness), ...u(0.6, 1.4), 'brightness');
    meanWithin(jit.map((j) => j.contrast), ...u(0.6, 1.4), 'contrast');
    meanWithin(jit.map((j) => j.saturation), ...u(0.6, 1.4), 'saturation');
    meanWithin(jit.map((j) => j.hue), ...u(-0.1, 0.1), 'hue');
    expect(jit.every((j) => j.brightness >= 0.6 && j.brightness <= 1.4 && Math.abs(j.hue) <= 0.1)).toBe(true);
    for (const step of ['brightness', 'contrast', 'saturation', 'hue'])
      for (let pos = 0; pos < 4; pos++) {
        const k = jit.filter((j) => j.order[pos] === step).length / jit.length;
        expect(Math.abs(k - 0.25), `${step} at ${pos}`).toBeLessThan(4 * Math.sqrt(0.25 * 0.75 / jit.length));
      }
    const sigmas = all.filter((p) => p.blurSigma !== null).map((p) => p.blurSigma!);
    meanWithin(sigmas, ...u(0.1, 2.0), 'blur sigma');
    // Crops: area fraction within scale (up to rounding), log aspect centred on 0.
    const area = all.map((p) => (p.crop.width * p.crop.height) / (H * W));
    expect(Math.min(...area)).toBeGreaterThan(0.2 * 0.75);
    const logRatio = all.map((p) => Math.log(p.crop.width / p.crop.height));
    meanWithin(logRatio, 0, Math.log(4 / 3) * 2 / Math.sqrt(12) * 1.5, 'log aspect');
    expect(Math.max(...logRatio.map(Math.abs))).toBeLessThan(Math.log(4 / 3) + 2 / 16);
  });
});

// In a child `node --expose-gc` (one that dies of a bad read fails the test
// instead of the test run): the caller transfers its pixels away and lets
// them be collected while the CPU kernels make the views.
describe('augmentPair while the caller transfers its images', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const viteNode = join(root, 'node_modules/vite-node/vite-node.mjs');

  it.skipIf(!existsSync(viteNode))('gives the views of an untouched copy (packed batch and ragged list)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simsiam-transfer-'));
    const script = join(dir, 'transfer.ts');
    writeFileSync(script, `
      import { augmentPair, tf } from ${JSON.stringify(join(root, 'src/index.ts'))};
      import { randomImages } from ${JSON.stringify(join(root, 'test/helpers.ts'))};
      const gc = (globalThis as unknown as { gc: () => void }).gc;
      await tf.setBackend('cpu');
      const count = 256, H = 64, W = 48, opts = { size: 64, seed: 11, returnParams: true, blurProb: 1 };
      const packed = randomImages(count, H, W, 21);
      const ragged = [[40, 30], [300, 200], [64, 64]].map(([h, w], i) => ({ data: randomImages(1, h, w, i), height: h, width: w }));
      const copies = [packed.slice(), ...ragged.map((img) => img.data.slice())];
      const running = [augmentPair({ data: packed, count, height: H, width: W }, opts), augmentPair(ragged, opts)];
      // Gone before the views are made: the buffers move to clones no one holds, then are collected,
      // and the memory is handed out again.
      for (const data of [packed, ...ragged.map((img) => img.data)]) structuredClone(data.buffer, { transfer: [data.buffer] });
      gc();
      const reuse = Array.from({ length: 16 }, () => new Uint8Array(packed.length).fill(255));
      const got = await Promise.all(running);
      const want = [await augmentPair({ data: copies[0], count, height: H, width: W }, opts),
        await augmentPair(ragged.map((img, i) => ({ ...img, data: copies[i + 1] })), opts)];
      const same = got.map((g, k) => Buffer.from(g.view1.dataSync().buffer).equals(Buffer.from(want[k].view1.dataSync().buffer)) &&
        Buffer.from(g.view2.dataSync().buffer).equals(Buffer.from(want[k].view2.dataSync().buffer)) &&
        JSON.stringify(g.params) === JSON.stringify(want[k].params));
      process.stdout.write(JSON.stringify({ detached: packed.byteLength + ragged[1].data.byteLength, same, reused: reuse.length }));
    `);
    try {
      const run = spawnSync(process.execPath, ['--expose-gc', viteNode, '--root', root, script], { encoding: 'utf8', timeout: 100_000 });
      expect({ status: run.status, signal: run.signal }, run.stderr.slice(-2000)).toEqual({ status: 0, signal: null });
      expect(JSON.parse(run.stdout)).toEqual({ detached: 0, same: [true, true], reused: 16 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('augmentPair input validation', () => {
  const good = { data: new Uint8Array(2 * 4 * 4 * 3), count: 2, height: 4, width: 4 };
  it.each([
    [{ ...good, width: -1 }, {}, RangeError, 'Expected positive integer for width but received -1 of type number'],
    [{ ...good, count: 1.5 }, {}, TypeError, 'Expected positive integer for count but received 1.5 of type number'],
    [{ ...good, data: new Uint8Array(10) }, {}, RangeError, 'Expected 96 bytes (count*height*width*3) for data but received 10'],
    [{ ...good, data: new Uint8Array(2 * 4 * 4 * 4) }, {}, RangeError, 'Expected 96 bytes (count*height*width*3) for data but received 128 (4 channels; only 3-channel RGB is accepted)'],
    [{ ...good, data: [1, 2, 3] }, {}, TypeError, 'Expected Uint8Array of RGB pixels for data but received an array of length 3'],
    [[], {}, RangeError, 'Expected at least one image for images but received an empty array'],
    [[{ data: new Uint8Array(12), height: 2, width: 2 }, { data: new Uint8Array(12), height: 0, width: 2 }], {}, RangeError,
      'Expected positive integer for images[1].height but received 0 of type number'],
    [[{ data: new Uint8Array(4), height: 2, width: 2 }], {}, RangeError, 'Expected 12 bytes (height*width*3) for images[0].data but received 4 (1 channel; only 3-channel RGB is accepted)'],
    ['nope', {}, TypeError, "Expected an ImageBatch ({ data, count, height, width } or an array of images) for images but received 'nope' of type string"],
    [good, { size: 0 }, RangeError, 'Expected positive integer for size but received 0 of type number'],
    [good, { seed: -3 }, TypeError, 'Expected non-negative safe integer for seed but received -3 of type number'],
    [good, { scale: [0.5, 0.2] }, RangeError, 'Expected [min, max] with 0 < min <= max <= 1 for scale but received [0.5, 0.2]'],
    [good, { flipProb: 2 }, RangeError, 'Expected number between 0 and 1 for flipProb but received 2 of type number'],
    [good, { hue: 0.7 }, RangeError, 'Expected number between 0 and 0.5 for hue but received 0.7 of type number'],
    [good, { std: [1, 0, 1] }, TypeError, 'Expected an array of 3 positive numbers for std but received an array of length 3'],
    [good, { preset: 'mnist' }, TypeError, "Expected one of imagenet, cifar, digits for preset but received 'mnist' of type string"],
    [good, { blurSigma: [0, 1] }, RangeError, 'Expected [min, max] with 0 < min <= max <= 100 for blurSigma but received [0, 1]'],
    [good, { colour: 1 }, TypeError, 'Unknown option colour for augmentPair'],
    // Removed: the augmentation follows the tfjs backend; the error says so rather than ignoring the option.
    [good, { device: 'cuda' }, TypeError, `The 'device' option of augmentPair was removed (received "cuda"): the augmentation runs on the tfjs backend it makes its views for, on the GPU under tf.setBackend('cuda') and on the CPU under tf.setBackend('cpu')`],
    [good, { device: 'cpu' }, TypeError, "tf.setBackend('cpu') (simsiam train --device cuda|cpu). Remove the option and select the backend instead."],
  ] as Array<[unknown, object, ErrorConstructor, string]>)('%#: %s', async (images, options, type, message) => {
    const call = augmentPair(images as never, options as never);
    await expect(call).rejects.toThrow(type);
    await expect(augmentPair(images as never, options as never)).rejects.toThrow(message);
  });

  it('simsiamAugment rejects non-RGB and wrong dtypes, and the removed device option', () => {
    expect(() => simsiamAugment(tf.zeros([2, 4, 4, 3], 'int32'), { device: 'auto' } as never)).toThrow(`The 'device' option of simsiamAugment was removed (received "auto")`);
    expect(() => simsiamAugment(tf.zeros([2, 4, 4, 4], 'int32'))).toThrow('Expected a non-empty [N, H, W, 3] RGB tensor for images but received shape [2,4,4,4]');
    expect(() => simsiamAugment(tf.zeros([2, 4, 4, 3], 'bool'))).toThrow('Expected an int32 or float32 tensor for images but received dtype bool');
  });

  it('raw binding misuse throws instead of crashing', async () => {
    const cfg = { size: 4 } as never;
    expect(() => native.augment([new Uint8Array(3)], Int32Array.of(2), Int32Array.of(2), cfg, 1, false, false)).toThrow('native: image is too short');
    expect(() => native.augment([new Uint8Array(3)], Int32Array.of(2), Int32Array.of(2), cfg, 1, false, true)).toThrow('native: image is too short');
    expect(() => native.augment([new Uint8Array(12)], Int32Array.of(0), Int32Array.of(2), cfg, 1, false, false)).toThrow('native: zero-sized image');
    expect(() => native.augment([new Uint8Array(12)], Int32Array.of(2), Int32Array.of(2), { size: 0 } as never, 1, false, false)).toThrow('native: empty batch or bad output size');
    // The addon allocates the outputs: [n, S, S, 3] views, params only when asked for.
    const sync = native.augment([new Uint8Array(12)], Int32Array.of(2), Int32Array.of(2), cfg, 1, true, false);
    const async = await native.augment([new Uint8Array(12)], Int32Array.of(2), Int32Array.of(2), cfg, 1, false, true);
    expect([sync.view1.length, sync.view2.length, sync.params!.length]).toEqual([48, 48, 2 * native.augmentParamFields]);
    expect(sync.view1.buffer).not.toBe(sync.view2.buffer);
    expect(async.params).toBeNull();
    expect(async.view1).toEqual(sync.view1);
    expect(async.view2).toEqual(sync.view2);
  });

  it.each([
    [[{ data: new Uint8Array(3), height: 2 ** 32 + 1, width: 1 }], 'images[0].height', 2 ** 32 + 1],
    [[{ data: new Uint8Array(3), height: 1, width: 2 ** 31 }], 'images[0].width', 2 ** 31],
    [[{ data: new Uint8Array(65536 * 3), height: 65536, width: 1 }], 'images[0].height', 65536],
    [{ data: new Uint8Array(3), count: 1, height: 1, width: 2 ** 32 + 1 }, 'width', 2 ** 32 + 1],
  ])('image sides above 65535 are rejected, not wrapped to int32 (%#: %s)', async (images, name, value) => {
    const message = `Expected integer from 1 to 65535 for ${name} but received ${value} of type number`;
    await expect(augmentPair(images as never)).rejects.toThrow(RangeError);
    await expect(augmentPair(images as never)).rejects.toThrow(message);
  });

  it('the largest side, 65535, is accepted', async () => {
    const { view1 } = await augmentPair([{ data: randomImages(1, 65535, 1, 8), height: 65535, width: 1 }], { size: 8, seed: 1 });
    expect(view1.shape).toEqual([1, 8, 8, 3]);
  });
});
