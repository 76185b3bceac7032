// Conv2D on the cpu backend: native im2col + GEMM for NHWC float32.
import type { Conv2DAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor } from '../host_io.js';
import { isFloat32, nativeConv } from './conv_geometry.js';

export function nativeConv2D(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const conv = isFloat32(x, filter) ? nativeConv(x.shape, filter.shape, args.attrs as unknown as Conv2DAttrs) : null;
    if (!conv) return stock(args);
    const { backend } = args;
    const y = new Float32Array(conv.info.outShape.reduce((a, b) => a * b, 1));
    native.conv2d(hostFloat32(backend, x), hostFloat32(backend, filter), conv.geometry, y, null, null, 0, 0);
    return outputTensor(backend, conv.info.outShape, y);
  };
}
