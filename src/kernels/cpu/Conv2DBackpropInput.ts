// Conv2DBackpropInput on the cpu backend (dilation 1, as the stock kernel).
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor } from '../host_io.js';
import { isFloat32, nativeConv, sameShape } from './conv_geometry.js';

export function nativeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const conv = isFloat32(dy, filter) && Array.isArray(attrs.inputShape)
      ? nativeConv(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 }) : null;
    if (!conv || !sameShape(dy.shape, conv.info.outShape)) return stock(args);
    const { backend } = args;
    const dx = new Float32Array(conv.info.inShape.reduce((a, b) => a * b, 1));
    native.conv2dBackpropInput(hostFloat32(backend, dy), hostFloat32(backend, filter), conv.geometry, dx);
    return outputTensor(backend, [...conv.info.inShape], dx);
  };
}
