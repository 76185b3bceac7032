// Conv2DBackpropInput on the device (native/kernels/LinalgDevice.h), dilation
// 1 as the stock kernel (tfjs's conv2d gradient requires it).
import { Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { nativeConv, sameShape } from '../../../kernels/shared/conv_geometry.js';
import { isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const conv2DBackpropInputConfig = cudaKernel(Conv2DBackpropInput, (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const c = isFloat32(dy, filter) && Array.isArray(attrs.inputShape)
    ? nativeConv([...attrs.inputShape], filter.shape, { ...attrs, dilations: 1 }) : null;
  if (!c || !sameShape(dy.shape, c.info.outShape)) return runOnHost(Conv2DBackpropInput, args);
  const { backend } = args;
  const dx = backend.makeOutput([...c.info.inShape], 'float32', Conv2DBackpropInput);
  native.device.conv2dBackpropInput(backend.bufferOf(dy), backend.bufferOf(filter), backend.bufferOf(dx), c.geometry);
  return dx;
});
