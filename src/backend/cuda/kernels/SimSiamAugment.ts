// SimSiamAugment on the device (native/kernels/SimSiamAugment.{h,cc,cu}): the
// int32/float32 image tensor becomes RGB8 on the device (clamped and rounded
// like the host kernel's Uint8ClampedArray); see shared/augment.ts.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SIMSIAM_AUGMENT, type SimSiamAugmentAttrs } from '../../../kernels/SimSiamAugment.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { twoViews } from '../shared/augment.js';

export const simSiamAugmentConfig = cudaKernel(SIMSIAM_AUGMENT, (args) => {
  const images = args.inputs.images as TensorInfo;
  const [n, h, w, channels] = images.shape;
  if ((images.dtype !== 'int32' && images.dtype !== 'float32') || images.shape.length !== 4 || channels !== 3 ||
    !(n > 0 && h > 0 && w > 0)) return runOnHost(SIMSIAM_AUGMENT, args);
  const { config, seed } = args.attrs as unknown as SimSiamAugmentAttrs & NamedAttrMap;
  const { backend } = args;
  return twoViews(backend, n, config.size, SIMSIAM_AUGMENT, (v1, v2) => native.device.augment(
    backend.bufferOf(images), images.dtype as 'int32' | 'float32', n, h, w, config, seed, v1, v2));
});
