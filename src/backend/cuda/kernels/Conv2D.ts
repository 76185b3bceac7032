// Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter on the
// device (native/kernels/LinalgDevice.h): cuDNN on NHWC tensors, im2col +
// GEMM without it (and on the host reference device). The geometry is
// tfjs's own computeConv2DInfo (src/kernels/shared/conv_geometry.ts), so
// 'same'/'valid'/explicit pads and dimRoundingMode mean what they mean to
// tfjs-backend-cpu. NCHW, other dtypes and shapes tfjs rejects run on the
// host (which reports tfjs's errors).
import type {
  Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, FusedConv2DAttrs, KernelConfig, TensorInfo,
} from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { nativeConv, sameShape } from '../../../kernels/shared/conv_geometry.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, isFloat32 } from '../kernel_utils.js';
import { deviceEpilogue } from './linalg_epilogue.js';

const NO_EPILOGUE = Float64Array.of(0, 0, 1, 1, 1, 1);

interface ConvInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

function conv(kernelName: 'Conv2D' | 'FusedConv2D'): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as ConvInputs;
    const attrs = args.attrs as unknown as FusedConv2DAttrs & Conv2DAttrs;
    const c = isFloat32(x, filter) ? nativeConv(x.shape, filter.shape, attrs) : null;
    if (!c) return runOnHost(kernelName, args);
    const ep = kernelName === 'FusedConv2D'
      ? deviceEpilogue(c.info.outShape, bias, preluActivationWeights, attrs.activation, attrs.leakyreluAlpha)
      : { bias: null, prelu: null, args: NO_EPILOGUE };
    if (!ep) return runOnHost(kernelName, args);
    const { backend } = args;
    const y = backend.makeOutput([...c.info.outShape], 'float32', kernelName);
    native.device.conv2d(backend.bufferOf(x), backend.bufferOf(filter), backend.bufferOf(y), c.geometry,
      ep.bias ? backend.bufferOf(ep.bias) : null, ep.prelu ? backend.bufferOf(ep.prelu) : null, ep.args);
    return y;
  });
}

// Dilation 1, as the stock kernels (tfjs's conv2d gradient requires it).
const backpropInput = cudaKernel('Conv2DBackpropInput', (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const c = isFloat32(dy, filter) && Array.isArray(attrs.inputShape)
    ? nativeConv([...attrs.inputShape], filter.shape, { ...attrs, dilations: 1 }) : null;
  if (!c || !sameShape(dy.shape, c.info.outShape)) return runOnHost('Conv2DBackpropInput', args);
  const { backend } = args;
  const dx = backend.makeOutput([...c.info.inShape], 'float32', 'Conv2DBackpropInput');
  native.device.conv2dBackpropInput(backend.bufferOf(dy), backend.bufferOf(filter), backend.bufferOf(dx), c.geometry);
  return dx;
});

const backpropFilter = cudaKernel('Conv2DBackpropFilter', (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const c = isFloat32(x, dy) && Array.isArray(attrs.filterShape)
    ? nativeConv(x.shape, [...attrs.filterShape], { ...attrs, dilations: 1 }) : null;
  if (!c || !sameShape(dy.shape, c.info.outShape)) return runOnHost('Conv2DBackpropFilter', args);
  const { backend } = args;
  const dw = backend.makeOutput([...attrs.filterShape], 'float32', 'Conv2DBackpropFilter');
  native.device.conv2dBackpropFilter(backend.bufferOf(x), backend.bufferOf(dy), backend.bufferOf(dw), c.geometry);
  return dw;
});

export const conv2dKernels: KernelConfig[] = [conv('Conv2D'), conv('FusedConv2D'), backpropInput, backpropFilter];
