// SimSiamAugment on the device (native/kernels/SimSiamAugment.{h,cc,cu}): the
// int32/float32 image tensor becomes RGB8 on the device (clamped and rounded
// like the host kernel's Uint8ClampedArray), the per-view parameters are drawn
// on the host from the same Philox streams as on cpu and uploaded, and the
// views are written straight into the output tensors. augmentPairOnDevice
// does the same for augmentPair's RGB8 host images (uploaded once, no float32
// upload).
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { native, type RawAugmentConfig } from '../../../native/index.js';
import { SIMSIAM_AUGMENT, type SimSiamAugmentAttrs } from '../../../kernels/SimSiamAugment.js';
import type { CudaBackend } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

function twoViews(backend: CudaBackend, n: number, size: number, kernel: string, launch: (v1: number, v2: number) => void): [TensorInfo, TensorInfo] {
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

export const simsiamAugmentKernels: KernelConfig[] = [
  cudaKernel(SIMSIAM_AUGMENT, (args) => {
    const images = args.inputs.images as TensorInfo;
    const [n, h, w, channels] = images.shape;
    if ((images.dtype !== 'int32' && images.dtype !== 'float32') || images.shape.length !== 4 || channels !== 3 ||
      !(n > 0 && h > 0 && w > 0)) return runOnHost(SIMSIAM_AUGMENT, args);
    const { config, seed } = args.attrs as unknown as SimSiamAugmentAttrs & NamedAttrMap;
    const { backend } = args;
    return twoViews(backend, n, config.size, SIMSIAM_AUGMENT, (v1, v2) => native.device.augment(
      backend.bufferOf(images), images.dtype as 'int32' | 'float32', n, h, w, config, seed, v1, v2));
  }),
];

/**
 * augmentPair on the cuda backend: both views of RGB8 host images as device
 * tensors (TensorInfos owned by the caller); params as native.augment's.
 */
export function augmentPairOnDevice(backend: CudaBackend, images: Uint8Array[], heights: Int32Array, widths: Int32Array,
  config: RawAugmentConfig, seed: number, params: Float64Array | null): [TensorInfo, TensorInfo] {
  return twoViews(backend, images.length, config.size, 'augmentPair',
    (v1, v2) => native.device.augmentImages(images, heights, widths, config, seed, v1, v2, params));
}
