// Conv2DBackpropFilter on the device (native/kernels/LinalgDevice.h), dilation
// 1 as the stock kernel (tfjs's conv2d gradient requires it).
import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { nativeConv, sameShape } from '../../../kernels/shared/conv_geometry.js';
import { isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const conv2DBackpropFilterConfig = cudaKernel(Conv2DBackpropFilter, (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const c = isFloat32(x, dy) && Array.isArray(attrs.filterShape)
    ? nativeConv(x.shape, [...attrs.filterShape], { ...attrs, dilations: 1 }) : null;
  if (!c || !sameShape(dy.shape, c.info.outShape)) return runOnHost(Conv2DBackpropFilter, args);
  const { backend } = args;
  const dw = backend.makeOutput([...attrs.filterShape], 'float32', Conv2DBackpropFilter);
  native.device.conv2dBackpropFilter(backend.bufferOf(x), backend.bufferOf(dy), backend.bufferOf(dw), c.geometry);
  return dw;
});
