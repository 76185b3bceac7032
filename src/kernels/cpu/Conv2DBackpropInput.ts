// Conv2DBackpropInput on the cpu backend (dilation 1, as the stock kernel).
import { Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { nativeConv, sameShape } from '../shared/conv_geometry.js';
import { isFloat32, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const conv2DBackpropInputConfig: NativeCpuKernel = {
  kernelName: Conv2DBackpropInput,
  wrap: (stock) => (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const conv = isFloat32(dy, filter) && Array.isArray(attrs.inputShape)
      ? nativeConv(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 }) : null;
    if (!conv || !sameShape(dy.shape, conv.info.outShape)) return stock(args);
    const { backend } = args;
    const dx = outputFloat32(backend, sizeOf(conv.info.inShape));
    native.conv2dBackpropInput(hostFloat32(backend, dy), hostFloat32(backend, filter), conv.geometry, dx);
    return outputTensor(backend, [...conv.info.inShape], dx);
  },
};
