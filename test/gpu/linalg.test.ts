// The linalg kernels on a GPU through every implementation they can take:
// cuDNN + cuBLAS, im2col + cuBLAS (no cuDNN), im2col + the tiled SGEMM (no
// cuBLAS), each against the cpu backend (the linalg conformance cases, TF32
// off), and the tiled SGEMM against cuBLAS and the CPU GEMM directly.
// Skipped without a device.
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { linalgCases } from '../conformance/cases/linalg.js';
import { runCase } from '../conformance/index.js';
import { useCudaBackend } from '../cuda/setup.js';
import { hasCudaDevice, maxAbsDiff, randomMatrix } from '../helpers.js';

describe.skipIf(!hasCudaDevice)('linalg kernels on the GPU', () => {
  useCudaBackend();
  afterAll(() => native.device.setLibrariesEnabled(true, true));

  it('reports cuBLAS and cuDNN', () => {
    const libs = native.device.libraries();
    console.log(`cuBLAS: ${JSON.stringify(libs.cublas)}\ncuDNN: ${JSON.stringify(libs.cudnn)}`);
    expect(libs.cublas).toBeTypeOf('object');
  });

  it.each([
    ['cuDNN + cuBLAS', true, true],
    ['im2col + cuBLAS', true, false],
    ['im2col + tiled SGEMM', false, false],
  ] as Array<[string, boolean, boolean]>)('%s: the linalg conformance cases', async (_name, cublas, cudnn) => {
    native.device.setLibrariesEnabled(cublas, cudnn);
    const failures: string[] = [];
    for (const c of linalgCases) {
      const r = await runCase(tf, c);
      if (!r.ok) failures.push(`${c.kernels.join('+')}: ${c.name}: ${r.message}`);
    }
    native.device.setLibrariesEnabled(true, true);
    expect(failures).toEqual([]);
  });

  it.each([
    [1, 1, 1, false, false], [129, 65, 300, false, false], [64, 64, 64, true, false], [70, 33, 257, false, true],
    [31, 200, 17, true, true],
  ] as Array<[number, number, number, boolean, boolean]>)('tiled SGEMM and cuBLAS equal the CPU GEMM: %i x %i x %i, transA %s, transB %s',
    (M, N, K, ta, tb) => {
      const a = randomMatrix(M, K, 1), b = randomMatrix(K, N, 2);
      const want = new Float32Array(M * N);
      native.sgemm(ta, tb, M, N, K, a, b, want, true);
      const ids = [a, b].map((v) => {
        const id = native.device.alloc(v.byteLength, 'test');
        native.device.upload(id, v);
        return id;
      });
      const c = native.device.alloc(M * N * 4, 'test');
      const prev = native.device.tf32();
      native.device.setTf32(false);
      try {
        for (const tiled of [true, false]) {
          native.device.sgemm(ids[0], ids[1], c, Int32Array.of(M, N, K, ta ? 1 : 0, tb ? 1 : 0), tiled);
          const got = new Float32Array(M * N);
          native.device.download(c, got);
          expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
        }
      } finally {
        native.device.setTf32(prev);
        for (const id of [...ids, c]) native.device.release(id);
      }
    });

  it('asymmetric same padding takes the padded cuDNN path where cuDNN is found', () => {
    const g = Int32Array.of(2, 16, 16, 32, 8, 8, 64, 3, 3, 2, 2, 1, 1, 0, 0);
    const sym = Int32Array.of(2, 16, 16, 32, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1);
    const found = 'path' in native.device.libraries().cudnn;
    expect(native.device.convPath(g)).toBe(found ? 'cudnn-padded' : 'im2col');
    expect(native.device.convPath(sym)).toBe(found ? 'cudnn' : 'im2col');
  });
});
