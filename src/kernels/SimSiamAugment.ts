// tfjs kernel `SimSiamAugment`: images [N, H, W, 3] (int32 or float32, values
// 0..255) -> [view1, view2], each float32 [N, S, S, 3]. Attributes: the native
// config fields and `seed`. Not differentiable (an input transform). These are
// the host backends' kernels (the CPU); the cuda backend registers its own
// (src/backend/cuda/kernels/SimSiamAugment.ts).
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { native, type RawAugmentConfig } from '../native/index.js';
import { HOST_BACKENDS, hostValues, outputTensor } from './host_io.js';

export const SIMSIAM_AUGMENT = 'SimSiamAugment';

export interface SimSiamAugmentAttrs {
  config: RawAugmentConfig;
  seed: number;
}

// Values are clamped to 0..255 and rounded (Uint8ClampedArray semantics).
function toUint8(values: ArrayLike<number>): Uint8Array {
  if (values instanceof Uint8Array) return values;
  const clamped = new Uint8ClampedArray(values.length);
  clamped.set(values);
  return new Uint8Array(clamped.buffer);
}

const augmentKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const images = inputs.images as TensorInfo;
  const { config, seed } = attrs as unknown as SimSiamAugmentAttrs & NamedAttrMap;
  const [n, h, w] = images.shape;
  const pixels = toUint8(hostValues(backend, images));
  const stride = h * w * 3;
  const list = Array.from({ length: n }, (_, i) => pixels.subarray(i * stride, (i + 1) * stride));
  const S = config.size;
  const { view1, view2 } = native.augment(list, new Int32Array(n).fill(h), new Int32Array(n).fill(w), config, seed, false, false);
  return [outputTensor(backend, [n, S, S, 3], view1), outputTensor(backend, [n, S, S, 3], view2)];
};

export const simSiamAugmentConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: SIMSIAM_AUGMENT,
  backendName,
  kernelFunc: augmentKernel,
}));
