// Conv2DBackpropFilter on the cpu backend (dilation 1, as the stock kernel).
import type { Conv2DBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor } from '../host_io.js';
import { isFloat32, nativeConv, sameShape } from './conv_geometry.js';

export function nativeConv2DBackpropFilter(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const conv = isFloat32(x, dy) && Array.isArray(attrs.filterShape)
      ? nativeConv(x.shape, attrs.filterShape, { ...attrs, dilations: 1 }) : null;
    if (!conv || !sameShape(dy.shape, conv.info.outShape)) return stock(args);
    const { backend } = args;
    const dw = new Float32Array(attrs.filterShape.reduce((a, b) => a * b, 1));
    native.conv2dBackpropFilter(hostFloat32(backend, x), hostFloat32(backend, dy), conv.geometry, dw);
    return outputTensor(backend, [...attrs.filterShape], dw);
  };
}
