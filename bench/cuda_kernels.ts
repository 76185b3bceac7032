// Kernel-only timings on the `cuda` backend: the backend's own native.device
// launchers on device-resident tensors (its pool, its stream), with the device
// synchronised before and after the timed launches, so a figure is launch +
// kernel per call without tfjs's engine around it. Used by bench/*.bench.ts and
// scripts/gpu_suite.ts; the current backend must be `cuda`.
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../src/index.js';
import { native, type RawAugmentConfig } from '../src/native/index.js';
import type { CudaBackend } from '../src/backend/cuda/CudaBackend.js';

function cudaBackendNow(what: string): CudaBackend {
  if (tf.getBackend() !== 'cuda') throw new Error(`${what}: the current tfjs backend is ${tf.getBackend()}, not cuda`);
  return tf.backend() as CudaBackend;
}

/** Mean ms per call of `launch` over `iters` calls after `warmup` untimed ones, the device idle at both ends. */
export function timeOnDevice(launch: () => void, warmup: number, iters: number): number {
  for (let i = 0; i < warmup; i++) launch();
  native.device.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) launch();
  native.device.synchronize();
  return (performance.now() - t0) / iters;
}

/** The fused SimSiamLoss kernel (two pairs: loss + dL/dp1, dL/dp2) on [B, D] device tensors: ms per launch. */
export function lossKernelMs(B: number, D: number, iters: number, warmup = 10): number {
  const backend = cudaBackendNow('lossKernelMs');
  const xs = [1, 2, 3, 4].map((s) => tf.randomUniform([B, D], -1, 1, 'float32', s));
  const grads = [tf.zeros([B, D]), tf.zeros([B, D])], loss = tf.scalar(0);
  const id = (t: Tensor) => backend.bufferOf(t);
  try {
    return timeOnDevice(() => native.device.pairLoss([id(xs[0]), id(xs[1])], [id(xs[3]), id(xs[2])], grads.map(id), B, D, 0.5, id(loss)),
      warmup, iters);
  } finally {
    tf.dispose([...xs, ...grads, loss]);
  }
}

/**
 * The SimSiamAugment kernels (both views; RGB8 conversion, parameter upload
 * and the per-view kernels) on a device-resident int32 image tensor
 * [count, side, side, 3]: ms per call.
 */
export function augmentKernelMs(pixels: Uint8Array, count: number, side: number, config: RawAugmentConfig, iters: number,
  warmup = 2): number {
  const backend = cudaBackendNow('augmentKernelMs');
  const images = tf.tensor4d(Int32Array.from(pixels.subarray(0, count * side * side * 3)), [count, side, side, 3], 'int32');
  const S = config.size;
  const views = [tf.zeros([count, S, S, 3]), tf.zeros([count, S, S, 3])];
  const id = (t: Tensor) => backend.bufferOf(t);
  let seed = 7;
  try {
    return timeOnDevice(() => native.device.augment(id(images), 'int32', count, side, side, config, seed++, id(views[0]), id(views[1])),
      warmup, iters);
  } finally {
    tf.dispose([images, ...views]);
  }
}
