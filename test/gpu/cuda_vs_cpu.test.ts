// The fused kernels on the `cuda` backend (a real GPU) against the `cpu`
// backend: the registered kernels on device tensors, the path training takes.
// Skipped without a device; `npm run test:gpu` sets SIMSIAM_REQUIRE_GPU=1 and
// then fails without one.
import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { augmentPair, nativeInfo, tf } from '../../src/index.js';
import { SIMSIAM_LOSS } from '../../src/kernels/SimSiamLoss.js';
import { NEGATIVE_COSINE_SIMILARITY } from '../../src/kernels/NegativeCosineSimilarity.js';
import { useCudaBackend } from '../cuda/setup.js';
import { hasCudaDevice, maxAbsDiff, randomImages, randomMatrix, requireGpu } from '../helpers.js';

describe('GPU presence', () => {
  it.runIf(requireGpu)('a CUDA device is usable (required by npm run test:gpu)', () => {
    expect(nativeInfo().cuda.reason).toBeNull();
    expect(nativeInfo().devices.length).toBeGreaterThan(0);
  });
});

/** The loss kernel's outputs (loss, dL/dp for dy = 1) on `backend`, as host arrays. */
async function lossOn(backend: string, kernel: string, inputs: Record<string, Float32Array>, B: number, D: number) {
  await tf.setBackend(backend);
  const ts = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor2d(v, [B, D])]));
  const outs = tf.engine().runKernel(kernel, ts) as Tensor[];
  const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose([...outs, ...Object.values(ts)]);
  return { loss: values[0][0], grads: values.slice(1) };
}

async function pairOn(backend: string, ...args: Parameters<typeof augmentPair>) {
  await tf.setBackend(backend);
  const { view1, view2 } = await augmentPair(...args);
  const out = [(await view1.data()) as Float32Array, (await view2.data()) as Float32Array];
  tf.dispose([view1, view2]);
  return out;
}

describe.skipIf(!hasCudaDevice)('fused kernels: cuda backend (GPU) vs cpu backend', () => {
  useCudaBackend();
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([[1, 1], [3, 5], [17, 33], [512, 2048], [1000, 7]] as Array<[number, number]>)('SimSiamLoss at B=%i, D=%i', async (B, D) => {
    const [p1, p2, z1, z2] = [1, 2, 3, 4].map((s) => randomMatrix(B, D, s + B));
    const cpu = await lossOn('cpu', SIMSIAM_LOSS, { p1, p2, z1, z2 }, B, D);
    const gpu = await lossOn('cuda', SIMSIAM_LOSS, { p1, p2, z1, z2 }, B, D);
    expect(Math.abs(cpu.loss - gpu.loss)).toBeLessThan(1e-5);
    expect(maxAbsDiff(cpu.grads[0], gpu.grads[0])).toBeLessThan(1e-6);
    expect(maxAbsDiff(cpu.grads[1], gpu.grads[1])).toBeLessThan(1e-6);
    const again = await lossOn('cuda', SIMSIAM_LOSS, { p1, p2, z1, z2 }, B, D);
    expect(again.loss).toBe(gpu.loss);  // deterministic reduction
  });

  it('NegativeCosineSimilarity zero rows stay finite on the GPU', async () => {
    const B = 4, D = 6;
    const p = randomMatrix(B, D, 1), z = randomMatrix(B, D, 2);
    p.fill(0, 0, D);
    z.fill(0, D, 2 * D);
    const gpu = await lossOn('cuda', NEGATIVE_COSINE_SIMILARITY, { p, z }, B, D);
    expect(Number.isFinite(gpu.loss)).toBe(true);
    expect(gpu.grads[0].every(Number.isFinite)).toBe(true);
  });

  it.each([
    ['cifar 32 -> 32', 64, 32, 32, { preset: 'cifar' as const }],
    ['imagenet 256 -> 224', 8, 256, 256, { preset: 'imagenet' as const }],
    ['odd 45x61 -> 37 with blur', 16, 45, 61, { size: 37, blurProb: 1 }],
  ])('augmentPair %s: cuda equals cpu within 1e-4, and repeats bit for bit', async (_name, count, H, W, opts) => {
    const batch = { data: randomImages(count, H, W, 3), count, height: H, width: W };
    const cpu = await pairOn('cpu', batch, { ...opts, seed: 99 });
    const gpu = await pairOn('cuda', batch, { ...opts, seed: 99 });
    expect(maxAbsDiff(cpu[0], gpu[0])).toBeLessThan(1e-4);
    expect(maxAbsDiff(cpu[1], gpu[1])).toBeLessThan(1e-4);
    const again = await pairOn('cuda', batch, { ...opts, seed: 99 });
    expect(Buffer.from(again[0].buffer).equals(Buffer.from(gpu[0].buffer))).toBe(true);
  });

  it('augmentPair ragged batch: cuda equals cpu', async () => {
    const images = [[30, 50], [64, 20], [17, 17]].map(([h, w], i) => ({ data: randomImages(1, h, w, i), height: h, width: w }));
    const cpu = await pairOn('cpu', images, { size: 24, seed: 5 });
    const gpu = await pairOn('cuda', images, { size: 24, seed: 5 });
    expect(maxAbsDiff(cpu[0], gpu[0])).toBeLessThan(1e-4);
  });
});
