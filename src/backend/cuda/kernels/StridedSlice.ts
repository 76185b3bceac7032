// StridedSlice on any device dtype: a strided copy, or the input relabelled
// when the slice is the identity.
import { StridedSlice, slice_util, util, type StridedSliceAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, shareBuffer, sliceOnDevice } from '../shared/movement.js';

export const stridedSliceConfig = cudaKernel(StridedSlice, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } =
    args.attrs as unknown as StridedSliceAttrs;
  const info = slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask,
    shrinkAxisMask);
  if (info.isIdentity) return shareBuffer(args.backend, x, info.finalShape);
  if (!onDevice(x)) return runOnHost(StridedSlice, args);
  let y: TensorInfo | null;
  if (info.sliceDim0 || info.isSimpleSlice) {
    util.assert(x.shape.length >= 1, () => `Input must have rank at least 1, got: ${x.shape.length}`);
    const size = slice_util.computeOutShape(info.begin, info.end, info.strides);
    y = sliceOnDevice(args.backend, x, info.begin, size, undefined, info.finalShape, StridedSlice);
  } else {
    const rank = x.shape.length;
    const dense = [info.begin, info.finalShapeSparse, info.strides].every((f) => f.length === rank);
    y = dense ? sliceOnDevice(args.backend, x, info.begin, info.finalShapeSparse, info.strides, info.finalShape, StridedSlice) : null;
  }
  return y ?? runOnHost(StridedSlice, args);
});
