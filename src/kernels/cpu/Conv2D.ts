// Conv2D on the cpu backend: native im2col + GEMM for NHWC float32.
import { Conv2D, type Conv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { nativeConv } from '../shared/conv_geometry.js';
import { isFloat32, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const conv2DConfig: NativeCpuKernel = {
  kernelName: Conv2D,
  wrap: (stock) => (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const conv = isFloat32(x, filter) ? nativeConv(x.shape, filter.shape, args.attrs as unknown as Conv2DAttrs) : null;
    if (!conv) return stock(args);
    const { backend } = args;
    const y = outputFloat32(backend, sizeOf(conv.info.outShape));
    native.conv2d(hostFloat32(backend, x), hostFloat32(backend, filter), conv.geometry, y, null, null, 0, 0);
    return outputTensor(backend, conv.info.outShape, y);
  },
};
