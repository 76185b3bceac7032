// Kernels that only relabel a tensor: Reshape, ExpandDims, Squeeze, Identity
// share the input's device buffer (one more reference), no copy.
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { cudaKernel, type CudaKernelArgs } from '../kernel_utils.js';

function share({ backend }: CudaKernelArgs, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

export const reshapeKernels: KernelConfig[] = [
  cudaKernel('Reshape', (args) => {
    const x = args.inputs.x as TensorInfo;
    const size = util.sizeFromShape(x.shape);
    const shape = util.inferFromImplicitShape(args.attrs.shape as number[], size);
    util.assert(util.sizeFromShape(shape) === size, () => `The new shape (${shape}) has ${util.sizeFromShape(shape)} elements and the old shape (${x.shape}) has ${size} elements. The new shape and old shape must have the same number of elements.`);
    return share(args, x, shape);
  }),
  cudaKernel('ExpandDims', (args) => {
    const x = args.inputs.input as TensorInfo;
    const dim = args.attrs.dim as number;
    const rank = x.shape.length;
    util.assert(dim <= rank, () => `Axis must be <= rank of the tensor`);
    const axis = dim < 0 ? rank + dim + 1 : dim;
    const shape = x.shape.slice();
    shape.splice(axis, 0, 1);
    return share(args, x, shape);
  }),
  cudaKernel('Squeeze', (args) => {
    const x = args.inputs.x as TensorInfo;
    const axis = args.attrs.axis as number[];
    const { newShape } = util.squeezeShape(x.shape, util.parseAxisParam(axis, x.shape));
    return share(args, x, newShape);
  }),
  cudaKernel('Identity', (args) => {
    const x = args.inputs.x as TensorInfo;
    return share(args, x, x.shape);
  }),
];

