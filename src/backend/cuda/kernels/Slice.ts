// Slice on any device dtype: a strided copy (native/kernels/Slice.{cc,cu}).
import { Slice, slice_util, type SliceAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { sliceOnDevice } from '../shared/movement.js';

export const sliceConfig = cudaKernel(Slice, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { begin, size } = args.attrs as unknown as SliceAttrs;
  const [b, s] = slice_util.parseSliceParams(x, begin, size);
  slice_util.assertParamsValid(x, b, s);
  return sliceOnDevice(args.backend, x, b, s) ?? runOnHost(Slice, args);
});
