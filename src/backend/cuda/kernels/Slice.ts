// Slice, StridedSlice, SplitV and Unpack on any device dtype: strided copies
// (native/kernels/Slice.{cc,cu}). A contiguous slice is copied too (the cpu
// backend returns a view; device buffers have no offset views).
import {
  backend_util, slice_util, util,
  type KernelConfig, type SliceAttrs, type SplitVAttrs, type StridedSliceAttrs, type TensorInfo, type UnpackAttrs,
} from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement, type CudaBackend } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, type CudaKernelArgs } from '../kernel_utils.js';
import { onDevice, writeShapeArgs } from './movement_codes.js';

/** x[begin + i * strides] for i < size per dimension, as a new tensor of shape `shape` (default size); null: not native. */
export function sliceOnDevice(backend: CudaBackend, x: TensorInfo, begin: number[], size: number[],
  strides?: number[], shape: number[] = size, kernel = 'Slice'): TensorInfo | null {
  const rank = x.shape.length;
  if (!onDevice(x) || !writeShapeArgs(rank, x.shape, begin, size, strides ?? new Array<number>(rank).fill(1))) return null;
  const y = backend.makeOutput(shape, x.dtype, kernel);
  if (sizeOf(size) > 0) native.device.slice(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
  return y;
}

function share({ backend }: CudaKernelArgs, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

export const sliceKernels: KernelConfig[] = [
  cudaKernel('Slice', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [b, s] = slice_util.parseSliceParams(x, begin, size);
    slice_util.assertParamsValid(x, b, s);
    return sliceOnDevice(args.backend, x, b, s) ?? runOnHost('Slice', args);
  }),

  cudaKernel('StridedSlice', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } =
      args.attrs as unknown as StridedSliceAttrs;
    const info = slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask,
      shrinkAxisMask);
    if (info.isIdentity) return share(args, x, info.finalShape);
    if (!onDevice(x)) return runOnHost('StridedSlice', args);
    let y: TensorInfo | null;
    if (info.sliceDim0 || info.isSimpleSlice) {
      util.assert(x.shape.length >= 1, () => `Input must have rank at least 1, got: ${x.shape.length}`);
      const size = slice_util.computeOutShape(info.begin, info.end, info.strides);
      y = sliceOnDevice(args.backend, x, info.begin, size, undefined, info.finalShape, 'StridedSlice');
    } else {
      const rank = x.shape.length;
      const dense = [info.begin, info.finalShapeSparse, info.strides].every((f) => f.length === rank);
      y = dense ? sliceOnDevice(args.backend, x, info.begin, info.finalShapeSparse, info.strides, info.finalShape, 'StridedSlice') : null;
    }
    return y ?? runOnHost('StridedSlice', args);
  }),

  cudaKernel('SplitV', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
    const $axis = util.parseAxisParam(axis, x.shape)[0];
    const splitSizes = backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
    if (!onDevice(x) || x.shape.length > 8) return runOnHost('SplitV', args);
    const begin = new Array<number>(x.shape.length).fill(0);
    const outs: TensorInfo[] = [];
    for (const s of splitSizes) {
      const size = x.shape.slice();
      size[$axis] = s;
      outs.push(sliceOnDevice(args.backend, x, begin.slice(), size, undefined, size, 'SplitV')!);
      begin[$axis] += s;
    }
    return outs;
  }),

  cudaKernel('Unpack', (args) => {
    const x = args.inputs.value as TensorInfo;
    let { axis } = args.attrs as unknown as UnpackAttrs;
    if (axis < 0) axis += x.shape.length;
    if (!onDevice(x) || x.shape.length > 8) return runOnHost('Unpack', args);
    const outShape = x.shape.filter((_, i) => i !== axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    const size = x.shape.slice();
    size[axis] = 1;
    const outs: TensorInfo[] = [];
    for (let i = 0; i < x.shape[axis]; i++) {
      begin[axis] = i;
      outs.push(sliceOnDevice(args.backend, x, begin, size, undefined, outShape, 'Unpack')!);
    }
    return outs;
  }),
];
