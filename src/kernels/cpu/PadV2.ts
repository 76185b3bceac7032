// PadV2 on the cpu backend: native for float32 with non-negative paddings
// (other dtypes and empty tensors run the stock kernel).
import { PadV2, type PadV2Attrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { SHAPE_ARGS, isFloat32Tensor, setShapeArgs, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const padV2Config: NativeCpuKernel = {
  kernelName: PadV2,
  wrap: (stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
    const rank = x.shape.length;
    if (!isFloat32Tensor(x) || !Array.isArray(paddings) || paddings.length !== rank || sizeOf(x.shape) === 0)
      return stock(args);
    const before = paddings.map((p) => p[0]), after = paddings.map((p) => p[1]);
    if (!setShapeArgs(rank, x.shape, before, after)) return stock(args);
    const outShape = x.shape.map((d, i) => before[i] + d + after[i]);
    const { backend } = args;
    const y = outputFloat32(backend, sizeOf(outShape));
    native.padV2(hostFloat32(backend, x), y, SHAPE_ARGS, Number(constantValue));
    return outputTensor(backend, outShape, y);
  },
};
