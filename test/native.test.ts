import { describe, expect, it } from 'vitest';
import { nativeInfo, registeredKernels, tf } from '../src/index.js';
import { native } from '../src/native/index.js';
import { hasCudaDevice } from './helpers.js';

describe('native addon', () => {
  it('reports its build and the CUDA devices, or why there are none', () => {
    const info = nativeInfo();
    expect(typeof info.build.cuda).toBe('boolean');
    expect(info.build.threads).toBeGreaterThan(0);
    expect(info.build.addonPath).toMatch(/simsiam_native\.node$/);
    if (info.build.cuda) expect(info.build.cudaArchitectures.length).toBeGreaterThan(0);
    if (hasCudaDevice) {
      expect(info.cuda.usable).toBe(true);
      expect(info.devices[0].computeCapability).toMatch(/^\d+\.\d+$/);
    } else {
      expect(info.cuda.usable).toBe(false);
      expect(info.cuda.reason).toMatch(/driver|device|without CUDA/);
    }
  });

  it('Philox4x32-10 matches the Random123 known-answer vectors', () => {
    expect([...native.philox4x32(new Uint32Array(4), new Uint32Array(2))]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    expect([...native.philox4x32(Uint32Array.of(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344), Uint32Array.of(0xa4093822, 0x299f31d0))])
      .toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('registers the fused kernels on the cpu and tensorflow backends', () => {
    const names = registeredKernels();
    for (const b of ['cpu', 'tensorflow'])
      for (const k of ['SimSiamLoss', 'NegativeCosineSimilarity', 'SimSiamAugment']) {
        expect(names).toContain(`${b}:${k}`);
        expect(tf.getKernel(k, b)).toBeDefined();
      }
    expect(tf.getGradient('SimSiamLoss')).toBeDefined();
  });
});
