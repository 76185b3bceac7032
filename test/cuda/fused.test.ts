// The fused family on the cuda backend beyond the conformance cases:
// augmentPair's device path against the cpu path (same seed -> same views),
// the cases running natively (no host fallback), and misuse of the raw
// binding (and a read's destination transferred or shrunk mid-read) throwing
// instead of crashing.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { augmentPair, hostFallbackCalls, tf } from '../../src/index.js';
import { addonPath, native } from '../../src/native/index.js';
import { NATIVE_KERNELS } from '../../src/backend/cuda/kernel_utils.js';
import { fusedCases } from '../conformance/cases/fused.js';
import { runCase } from '../conformance/runner.js';
import { maxAbsDiff, randomImages } from '../helpers.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();

async function pairOn(backend: string, images: Parameters<typeof augmentPair>[0], options: Parameters<typeof augmentPair>[1]) {
  await tf.setBackend(backend);
  const before = tf.engine().backend.numDataIds();
  const { view1, view2, params } = await augmentPair(images, options);
  expect(tf.getBackend()).toBe(backend);
  const out = { v1: await view1.data(), v2: await view2.data(), shape: view1.shape, params };
  tf.dispose([view1, view2]);
  expect(tf.engine().backend.numDataIds()).toBe(before);
  return out;
}

describe(`fused kernels on the cuda backend (${device} device)`, () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['packed batch, imagenet preset with blur', { data: randomImages(3, 30, 26, 5), count: 3, height: 30, width: 26 },
      { seed: 99, size: 24, blurProb: 1, returnParams: true }],
    ['ragged list (packed on the host), cifar preset', [
      { data: randomImages(1, 32, 32, 1), height: 32, width: 32 },
      { data: randomImages(1, 17, 40, 2), height: 17, width: 40 },
      { data: randomImages(1, 45, 20, 3), height: 45, width: 20 },
    ], { seed: 7, preset: 'cifar', returnParams: true }],
  ] as const)('augmentPair: %s gives the cpu views (within 1e-4) from the same parameters', async (_, images, options) => {
    const cpu = await pairOn('cpu', images as any, options as any);
    const fallbacks = new Map(hostFallbackCalls);
    const cuda = await pairOn('cuda', images as any, options as any);
    expect(cuda.shape).toEqual(cpu.shape);
    expect(cuda.params).toEqual(cpu.params);
    expect(maxAbsDiff(cuda.v1, cpu.v1)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(cuda.v2, cpu.v2)).toBeLessThanOrEqual(1e-4);
    expect(new Map(hostFallbackCalls)).toEqual(fallbacks);  // no host round trip
  });

  it('augmentPair follows the backend: the CPU kernels on cpu, the device kernels on cuda', async () => {
    const calls: string[] = [];
    const cpuAugment = native.augment, deviceAugment = native.device.augmentImages;
    native.augment = ((...a: Parameters<typeof cpuAugment>) => { calls.push('cpu'); return cpuAugment.apply(native, a); }) as typeof cpuAugment;
    native.device.augmentImages = (...a) => { calls.push('device'); return deviceAugment.apply(native.device, a); };
    try {
      const batch = { data: randomImages(2, 12, 12, 9), count: 2, height: 12, width: 12 };
      await pairOn('cpu', batch, { size: 8, seed: 1 });
      await pairOn('cuda', batch, { size: 8, seed: 1 });
    } finally {
      native.augment = cpuAugment;
      native.device.augmentImages = deviceAugment;
    }
    expect(calls).toEqual(['cpu', 'device']);
  });

  it('the fused cases run their kernels natively (never on the host fallback)', async () => {
    const mine = [...new Set(fusedCases.flatMap((c) => c.kernels))].filter((k) => NATIVE_KERNELS.has(k));
    expect(mine.sort()).toEqual(['AvgPool', 'AvgPoolGrad', 'BatchNormTraining', 'BatchNormTrainingGrad', 'FusedBatchNorm',
      'MaxPool', 'MaxPoolGrad', 'NegativeCosineSimilarity', 'SimSiamAugment', 'SimSiamLoss', 'SimSiamLossGrad']);
    hostFallbackCalls.clear();
    for (const c of fusedCases) expect((await runCase(tf, c)).ok).toBe(true);
    expect(mine.filter((k) => hostFallbackCalls.has(k))).toEqual([]);
  });

  // In a child process, so a crash fails the test instead of the test run.
  it('a read whose destination is transferred or shrunk meanwhile rejects instead of crashing; the next read works', () => {
    const script = `
      const b = require(${JSON.stringify(addonPath)});
      b.device.init(${JSON.stringify(device)}, 0);
      const N = 1 << 22, id = b.device.alloc(4 * N, 'test');
      b.device.upload(id, Float32Array.from({ length: N }, (_, i) => i));
      const outcome = (p) => p.then(() => 'resolved', (e) => e.message);
      (async () => {
        const moved = new Float32Array(N);
        const reading = b.device.read(id, moved);
        structuredClone(moved.buffer, { transfer: [moved.buffer] });
        const transferred = await outcome(reading);
        const resizable = new ArrayBuffer(4 * N, { maxByteLength: 4 * N });
        const shrinking = b.device.read(id, new Float32Array(resizable));
        resizable.resize(0);
        const shrunk = await outcome(shrinking);
        const again = new Float32Array(N);
        await b.device.read(id, again);
        b.device.release(id);
        process.stdout.write(JSON.stringify({ transferred, shrunk, value: again[N - 1] }));
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, signal: run.signal }, run.stderr.slice(-2000)).toEqual({ status: 0, signal: null });
    const error = 'cuda backend: read: the destination array was detached (transferred) or shrunk while the read ran';
    expect(JSON.parse(run.stdout)).toEqual({ transferred: error, shrunk: error, value: (1 << 22) - 1 });
  });

  it('misuse of the raw binding throws instead of crashing', async () => {
    await tf.setBackend('cuda');
    const geometry = Int32Array.of(1, 4, 4, 1, 2, 2, 2, 2, 2, 2, 0, 0);
    expect(() => native.device.pool(0, 999999, 999998, geometry)).toThrow(/no device buffer/);
    const x = tf.zeros([1, 2, 2, 1]);  // too small for the geometry
    const id = (tf.backend() as any).bufferOf(x);
    expect(() => native.device.pool(0, id, id, geometry)).toThrow(/too small/);
    expect(() => native.device.pool(0, id, id, Int32Array.of(1, 2, 2, 1, 1, 1, 0, 2, 2, 2, 0, 0))).toThrow(/positive/);
    expect(() => native.device.scaleGrad(id, id, id, 5)).toThrow(/too small/);
    x.dispose();
  });
});
