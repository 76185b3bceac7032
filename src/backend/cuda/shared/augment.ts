// SimSiam augmentation on the device (native/kernels/SimSiamAugment.{h,cc,cu}):
// the per-view parameters are drawn on the host from the same Philox streams
// as on cpu and uploaded, and the views are written straight into output
// tensors. Used by the SimSiamAugment kernel and by augmentPair.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native, type RawAugmentConfig } from '../../../native/index.js';
import type { CudaBackend } from '../CudaBackend.js';

/** Two new [n, size, size, 3] float32 views filled by `launch` (disposed if it throws). */
export function twoViews(backend: CudaBackend, n: number, size: number, kernel: string,
  launch: (v1: number, v2: number) => void): [TensorInfo, TensorInfo] {
  const shape = [n, size, size, 3];
  const views: [TensorInfo, TensorInfo] = [backend.makeOutput(shape, 'float32', kernel), backend.makeOutput(shape, 'float32', kernel)];
  try {
    launch(backend.bufferOf(views[0]), backend.bufferOf(views[1]));
  } catch (e) {
    for (const t of views) backend.disposeIntermediateTensorInfo(t);
    throw e;
  }
  return views;
}

/**
 * augmentPair on the cuda backend: both views of RGB8 host images (uploaded
 * once, no float32 upload) as device tensors (TensorInfos owned by the
 * caller); params as native.augment's.
 */
export function augmentPairOnDevice(backend: CudaBackend, images: Uint8Array[], heights: Int32Array, widths: Int32Array,
  config: RawAugmentConfig, seed: number, params: Float64Array | null): [TensorInfo, TensorInfo] {
  return twoViews(backend, images.length, config.size, 'augmentPair',
    (v1, v2) => native.device.augmentImages(images, heights, widths, config, seed, v1, v2, params));
}
