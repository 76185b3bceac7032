// FusedConv2D on the cpu backend: the native convolution with bias and
// activation applied to each output tile while it is still in cache.
import { FusedConv2D, type FusedConv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { nativeConv } from '../shared/conv_geometry.js';
import { isFloat32, sizeOf } from '../shared/shape_args.js';
import { nativeEpilogue, type NativeCpuKernel } from './kernel_utils.js';

interface Inputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

export const fusedConv2DConfig: NativeCpuKernel = {
  kernelName: FusedConv2D,
  wrap: (stock) => (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as Inputs;
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const conv = isFloat32(x, filter) ? nativeConv(x.shape, filter.shape, attrs) : null;
    const { backend } = args;
    const ep = conv && nativeEpilogue(backend, conv.info.outShape, bias, preluActivationWeights, attrs.activation,
      attrs.leakyreluAlpha);
    if (!conv || !ep) return stock(args);
    const y = outputFloat32(backend, sizeOf(conv.info.outShape));
    native.conv2d(hostFloat32(backend, x), hostFloat32(backend, filter), conv.geometry, y, ep.bias, ep.prelu,
      ep.activation, ep.leakyAlpha);
    return outputTensor(backend, conv.info.outShape, y);
  },
};
