import { ExpandDims, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { cudaKernel } from '../kernel_utils.js';
import { shareBuffer } from '../shared/movement.js';

export const expandDimsConfig = cudaKernel(ExpandDims, (args) => {
  const x = args.inputs.input as TensorInfo;
  const dim = args.attrs.dim as number;
  const rank = x.shape.length;
  util.assert(dim <= rank, () => `Axis must be <= rank of the tensor`);
  const axis = dim < 0 ? rank + dim + 1 : dim;
  const shape = x.shape.slice();
  shape.splice(axis, 0, 1);
  return shareBuffer(args.backend, x, shape);
});
