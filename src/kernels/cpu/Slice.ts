// Slice on the cpu backend: native row copies for float32 slices that are
// not one contiguous run. A contiguous slice stays with the stock kernel,
// which returns a view of the input without copying; so do other dtypes and
// invalid parameters (which it reports).
import { Slice, slice_util, type SliceAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { SHAPE_ARGS, isFloat32Tensor, setShapeArgs, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const sliceConfig: NativeCpuKernel = {
  kernelName: Slice,
  wrap: (stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (!isFloat32Tensor(x)) return stock(args);
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    let b: number[], s: number[];
    try {
      [b, s] = slice_util.parseSliceParams(x, begin, size);
      slice_util.assertParamsValid(x, b, s);
    } catch {
      return stock(args);
    }
    if (sizeOf(s) === 0 || slice_util.isSliceContinous(x.shape, b, s)) return stock(args);
    if (!setShapeArgs(x.shape.length, x.shape, b, s)) return stock(args);
    const { backend } = args;
    const y = outputFloat32(backend, sizeOf(s));
    native.slice(hostFloat32(backend, x), y, SHAPE_ARGS);
    return outputTensor(backend, s, y);
  },
};
