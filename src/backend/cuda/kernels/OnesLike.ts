// OnesLike on float32, int32 and bool (native.device.fill).
import { OnesLike, type TensorInfo } from '@tensorflow/tfjs-core';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType, filled } from '../shared/movement.js';

export const onesLikeConfig = cudaKernel(OnesLike, (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string') throw new Error('onesLike is not supported for string tensors');
  if (ElementType[x.dtype] === undefined) return runOnHost(OnesLike, args);
  return filled(args.backend, x.shape, x.dtype, 1, OnesLike);
});
