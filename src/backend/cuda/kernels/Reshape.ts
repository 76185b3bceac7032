// Reshape, ExpandDims, Squeeze and Identity only relabel a tensor: the
// input's device buffer, one more reference, no copy.
import { Reshape, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { cudaKernel } from '../kernel_utils.js';
import { shareBuffer } from '../shared/movement.js';

export const reshapeConfig = cudaKernel(Reshape, (args) => {
  const x = args.inputs.x as TensorInfo;
  const size = sizeOf(x.shape);
  const shape = util.inferFromImplicitShape(args.attrs.shape as number[], size);
  util.assert(sizeOf(shape) === size, () => `The new shape (${shape}) has ${sizeOf(shape)} elements and the old shape (${x.shape}) has ${size} elements. The new shape and old shape must have the same number of elements.`);
  return shareBuffer(args.backend, x, shape);
});
