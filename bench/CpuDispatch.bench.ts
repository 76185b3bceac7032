// The CPU kernels of the dispatched paths (native/util/CpuDispatch.h: the
// GEMM and its packers, binary and unary element-wise loops, FusedBatchNorm,
// reductions), plus two that are not dispatched, called straight on the
// addon with arrays allocated once: what the instruction set changes, without
// the allocation and garbage collection of the kernels' outputs that dominate
// the `elementwise` group. Compare builds or paths with compare_builds.ts
// (SIMSIAM_CPU_PATH picks a lower path of a portable build).
import { nativeInfo } from '../src/index.js';
import { native } from '../src/native/index.js';
import { runGroup, type BenchCase, type BenchRow } from './harness.js';

function random(n: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0, s = 12345; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return a;
}

export async function benchCpuDispatch(rows: BenchRow[]): Promise<void> {
  const N = 128, H = 28, C = 8, E = N * H * H * C;  // the BatchNorm activations of the elementwise group
  const a = random(E), b = random(E), y = new Float32Array(E), positive = random(E, 0.01, 4);
  const ch = random(C), variance = random(C, 0.5, 2), stats = new Float32Array(1024), stats2 = new Float32Array(C);
  const full = Int32Array.of(4, N, H, H, C, N, H, H, C, N, H, H, C);
  const perChannel = Int32Array.of(4, N, H, H, C, N, H, H, C, 1, 1, 1, C);
  const M = 512, K = 2048, Nn = 512, ga = random(M * K), gb = random(K * Nn), gc = new Float32Array(M * Nn);
  const conv = Int32Array.of(32, 16, 16, 128, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1);
  const cx = random(32 * 16 * 16 * 128), cw = random(9 * 128 * 128), cy = new Float32Array(32 * 16 * 16 * 128);
  const D = 2048, B = 256, ps = [random(B * D), random(B * D)], zs = [random(B * D), random(B * D)];
  const grads = [new Float32Array(B * D), new Float32Array(B * D)];
  const bytes = (floats: number) => 4 * floats / E;  // per element of the activation
  const c = (name: string, fn: () => unknown, extra: Partial<BenchCase> = {}): BenchCase =>
    ({ name, backend: 'native', device: 'cpu', n: E, native: true, fn, ...extra });
  const path = nativeInfo().build.cpuPath;
  await runGroup(`CPU kernels on preallocated arrays (${path} path; items: elements of [${N},${H},${H},${C}])`, [
    c(`sgemm ${M}x${K} * ${K}x${Nn}`, () => native.sgemm(false, false, M, Nn, K, ga, gb, gc, false),
      { n: M, flopsPerItem: 2 * K * Nn }),
    c('conv2d 32x16x16x128 -> 128, 3x3', () => native.conv2d(cx, cw, conv, cy, null, null, 0, 0),
      { n: 32, flopsPerItem: 2 * 16 * 16 * 128 * 9 * 128 }),
    c('binary Multiply, same shapes', () => native.binary(2, a, b, y, full), { bytesPerItem: bytes(3 * E) }),
    c('binary Sub, per channel', () => native.binary(1, a, ch, y, perChannel), { bytesPerItem: bytes(2 * E) }),
    c('binary SquaredDifference', () => native.binary(4, a, b, y, full), { bytesPerItem: bytes(3 * E) }),
    c('binary Maximum', () => native.binary(5, a, b, y, full), { bytesPerItem: bytes(3 * E) }),
    c('unary Relu', () => native.unary(0, a, y, 0), { bytesPerItem: bytes(2 * E) }),
    c('unary Sqrt', () => native.unary(2, positive, y, 0), { bytesPerItem: bytes(2 * E) }),
    c('unary Rsqrt', () => native.unary(3, positive, y, 0), { bytesPerItem: bytes(2 * E) }),
    c('unary Floor', () => native.unary(16, a, y, 0), { bytesPerItem: bytes(2 * E) }),
    c('reduce Sum over [N,H,W] (per channel)', () => native.reduce(0, a, stats, Int32Array.of(2, E / C, C, 1, 0)),
      { bytesPerItem: 4 }),
    c('reduce Sum over rows of [1024, 784]', () => native.reduce(0, a, stats, Int32Array.of(2, 1024, E / 1024, 0, 1)),
      { bytesPerItem: 4 }),
    c('fusedBatchNorm, 8 channels', () => native.fusedBatchNorm(a, ch, variance, ch, ch, 1e-5, y), { bytesPerItem: bytes(2 * E) }),
    c('not dispatched: batchNormTraining, 8 channels', () => native.batchNormTraining(a, E / C, C, ch, ch, 1e-5, y, stats, stats2)),
    c(`not dispatched: pairLoss fwd+bwd B=${B} D=${D}, 2 pairs`, () => native.pairLoss(ps, zs, grads, B, D, 1), { n: B }),
  ], rows);
}
