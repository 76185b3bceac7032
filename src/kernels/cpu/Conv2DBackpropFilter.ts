// Conv2DBackpropFilter on the cpu backend (dilation 1, as the stock kernel).
import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { nativeConv, sameShape } from '../shared/conv_geometry.js';
import { isFloat32, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const conv2DBackpropFilterConfig: NativeCpuKernel = {
  kernelName: Conv2DBackpropFilter,
  wrap: (stock) => (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const conv = isFloat32(x, dy) && Array.isArray(attrs.filterShape)
      ? nativeConv(x.shape, attrs.filterShape, { ...attrs, dilations: 1 }) : null;
    if (!conv || !sameShape(dy.shape, conv.info.outShape)) return stock(args);
    const { backend } = args;
    const dw = outputFloat32(backend, sizeOf(attrs.filterShape));
    native.conv2dBackpropFilter(hostFloat32(backend, x), hostFloat32(backend, dy), conv.geometry, dw);
    return outputTensor(backend, [...attrs.filterShape], dw);
  },
};
