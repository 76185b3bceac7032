// CUDA kernels against their CPU references. Skipped without a device;
// `npm run test:gpu` sets SIMSIAM_REQUIRE_GPU=1 and then fails without one.
import { describe, expect, it } from 'vitest';
import { augmentPair, nativeInfo } from '../../src/index.js';
import { native } from '../../src/native.js';
import { hasCudaDevice, maxAbsDiff, randomImages, randomMatrix, requireGpu } from '../helpers.js';

describe('GPU presence', () => {
  it.runIf(requireGpu)('a CUDA device is usable (required by npm run test:gpu)', () => {
    expect(nativeInfo().cuda.reason).toBeNull();
    expect(nativeInfo().devices.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasCudaDevice)('CUDA kernels vs CPU reference', () => {
  it.each([[1, 1], [3, 5], [17, 33], [512, 2048], [1000, 7]] as Array<[number, number]>)('SimSiamLoss at B=%i, D=%i', (B, D) => {
    const [p1, p2, z1, z2] = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s + B));
    const run = (device: 'cpu' | 'cuda') => {
      const g = [new Float32Array(B * D), new Float32Array(B * D)];
      const loss = native.pairLoss([p1, p2], [z2, z1], g, B, D, 0.5, device);
      return { loss, g };
    };
    const cpu = run('cpu'), gpu = run('cuda');
    expect(Math.abs(cpu.loss - gpu.loss)).toBeLessThan(1e-5);
    expect(maxAbsDiff(cpu.g[0], gpu.g[0])).toBeLessThan(1e-6);
    expect(maxAbsDiff(cpu.g[1], gpu.g[1])).toBeLessThan(1e-6);
    const again = run('cuda');
    expect(again.loss).toBe(gpu.loss);  // deterministic reduction
  });

  it('SimSiamLoss zero rows stay finite on the GPU', () => {
    const B = 4, D = 6;
    const p = randomMatrix(B, D, 1), z = randomMatrix(B, D, 2);
    p.fill(0, 0, D);
    z.fill(0, D, 2 * D);
    const g = new Float32Array(B * D);
    const loss = native.pairLoss([p], [z], [g], B, D, 1, 'cuda');
    expect(Number.isFinite(loss)).toBe(true);
    expect(g.every(Number.isFinite)).toBe(true);
  });

  it.each([
    ['cifar 32 -> 32', 64, 32, 32, { preset: 'cifar' as const }],
    ['imagenet 256 -> 224', 8, 256, 256, { preset: 'imagenet' as const }],
    ['odd 45x61 -> 37 with blur', 16, 45, 61, { size: 37, blurProb: 1 }],
  ])('SimSiamAugment %s: CUDA equals CPU within 1e-4', async (_name, count, H, W, opts) => {
    const batch = { data: randomImages(count, H, W, 3), count, height: H, width: W };
    const cpu = await augmentPair(batch, { ...opts, seed: 99, device: 'cpu' });
    const gpu = await augmentPair(batch, { ...opts, seed: 99, device: 'cuda' });
    expect(maxAbsDiff(cpu.view1.dataSync(), gpu.view1.dataSync())).toBeLessThan(1e-4);
    expect(maxAbsDiff(cpu.view2.dataSync(), gpu.view2.dataSync())).toBeLessThan(1e-4);
    const again = await augmentPair(batch, { ...opts, seed: 99, device: 'cuda' });
    expect(Buffer.from(again.view1.dataSync().buffer).equals(Buffer.from(gpu.view1.dataSync().buffer))).toBe(true);
  });

  it('SimSiamAugment ragged batch on CUDA equals CPU', async () => {
    const images = [[30, 50], [64, 20], [17, 17]].map(([h, w], i) => ({ data: randomImages(1, h, w, i), height: h, width: w }));
    const cpu = await augmentPair(images, { size: 24, seed: 5, device: 'cpu' });
    const gpu = await augmentPair(images, { size: 24, seed: 5, device: 'cuda' });
    expect(maxAbsDiff(cpu.view1.dataSync(), gpu.view1.dataSync())).toBeLessThan(1e-4);
  });
});
