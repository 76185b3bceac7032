// The convolution structures of the linalg kernels (native/kernels/LinalgDevice.h)
// beside the default one the conformance suite runs. On the host reference
// device the default is the cuDNN structure (transposed KRSC filters, padded
// copies for asymmetric padding) with a CPU stand-in for cuDNN's kernels;
// with cuDNN switched off it is the plain im2col / col2im path a GPU without
// cuDNN takes. On a GPU: the same with the real libraries (test/gpu/linalg.test.ts
// also covers the tiled SGEMM).
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { linalgCases } from '../conformance/cases/linalg.js';
import { runCase } from '../conformance/index.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();

describe(`linalg convolution structures (${device} device)`, () => {
  afterAll(() => native.device.setLibrariesEnabled(true, true));

  it('picks the cuDNN structure, padded where the padding is asymmetric', async () => {
    await tf.setBackend('cuda');  // initialises the device
    if (device !== 'host' && !('path' in native.device.libraries().cudnn)) return;
    // [batch, inH, inW, inC, outH, outW, outC, fH, fW, sH, sW, dH, dW, padTop, padLeft]
    expect(native.device.convPath(Int32Array.of(2, 16, 16, 32, 8, 8, 64, 3, 3, 2, 2, 1, 1, 0, 0))).toBe('cudnn-padded');
    expect(native.device.convPath(Int32Array.of(2, 16, 16, 32, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1))).toBe('cudnn');
    expect(native.device.convPath(Int32Array.of(1, 40, 40, 3, 20, 20, 16, 7, 7, 2, 2, 1, 1, 3, 3))).toBe('cudnn');
    native.device.setLibrariesEnabled(true, false);
    expect(native.device.convPath(Int32Array.of(2, 16, 16, 32, 8, 8, 64, 3, 3, 2, 2, 1, 1, 0, 0))).toBe('im2col');
    native.device.setLibrariesEnabled(true, true);
  });

  it('libraries() names each library or says what was tried; setTf32 round-trips', () => {
    const libs = native.device.libraries();
    for (const l of [libs.cublas, libs.cudnn]) {
      if ('error' in l) expect(l.error.length).toBeGreaterThan(0);
      else expect(l.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    const prev = native.device.tf32();
    native.device.setTf32(!prev);
    expect(native.device.tf32()).toBe(!prev);
    native.device.setTf32(prev);
  });

  it.each(linalgCases.filter((c) => c.kernels.some((k) => k.includes('Conv'))).map((c) => [`${c.kernels.join('+')}: ${c.name}`, c] as const))(
    'without cuDNN: %s', async (_, c) => {
      native.device.setLibrariesEnabled(true, false);
      try {
        const r = await runCase(tf, c);
        expect(r.message).toBe('');
      } finally {
        native.device.setLibrariesEnabled(true, true);
      }
    });
});
