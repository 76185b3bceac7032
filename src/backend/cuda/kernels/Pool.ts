// MaxPool, AvgPool and their gradients on float32 NHWC
// (native/kernels/Pool.{h,cc,cu}): tfjs-backend-cpu's semantics bit for bit,
// including its identity shortcut for 1x1 pooling that keeps the shape, the
// max gradient going to the first strict maximum of each window, and the
// average gradient's division by the padded window size.
import { backend_util, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, type CudaKernelArgs } from '../kernel_utils.js';

const MAX = 0, AVG = 1;

type PoolAttrs = {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

function convInfo(x: TensorInfo, attrs: PoolAttrs): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides,
    1, attrs.pad, attrs.dimRoundingMode);
}

function geometry(c: backend_util.Conv2DInfo): Int32Array {
  return Int32Array.of(c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth,
    c.effectiveFilterHeight, c.effectiveFilterWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left);
}

function nativeOk(c: backend_util.Conv2DInfo): boolean {
  return c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top >= 0 && c.padInfo.left >= 0;
}

/** Runs `launch` into a new output, disposing it if the launch throws. */
function into({ backend }: CudaKernelArgs, shape: number[], kernel: string, launch: (out: number) => void): TensorInfo {
  const out = backend.makeOutput(shape, 'float32', kernel);
  try {
    launch(backend.bufferOf(out));
  } catch (e) {
    backend.disposeIntermediateTensorInfo(out);
    throw e;
  }
  return out;
}

function poolKernel(kernelName: 'MaxPool' | 'AvgPool', op: number): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length !== 4) return runOnHost(kernelName, args);
    const c = convInfo(x, args.attrs as unknown as PoolAttrs);
    if (c.filterWidth === 1 && c.filterHeight === 1 && util.arraysEqual(c.inShape, c.outShape)) {
      args.backend.incRef(x.dataId);  // tfjs-backend-cpu's identity
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }
    if (!nativeOk(c)) return runOnHost(kernelName, args);
    return into(args, c.outShape, kernelName, (y) => native.device.pool(op, args.backend.bufferOf(x), y, geometry(c)));
  });
}

export const poolKernels: KernelConfig[] = [
  poolKernel('MaxPool', MAX),
  poolKernel('AvgPool', AVG),
  cudaKernel('MaxPoolGrad', (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return runOnHost('MaxPoolGrad', args);
    const c = convInfo(input, args.attrs as unknown as PoolAttrs);
    if (!nativeOk(c) || !util.arraysEqual(dy.shape, c.outShape)) return runOnHost('MaxPoolGrad', args);
    const { backend } = args;
    return into(args, input.shape, 'MaxPoolGrad',
      (dx) => native.device.maxPoolGrad(backend.bufferOf(dy), backend.bufferOf(input), dx, geometry(c)));
  }),
  cudaKernel('AvgPoolGrad', (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (dy.dtype !== 'float32' || input.shape.length !== 4) return runOnHost('AvgPoolGrad', args);
    const c = convInfo(input, args.attrs as unknown as PoolAttrs);
    if (!nativeOk(c) || !util.arraysEqual(dy.shape, c.outShape)) return runOnHost('AvgPoolGrad', args);
    return into(args, input.shape, 'AvgPoolGrad',
      (dx) => native.device.avgPoolGrad(args.backend.bufferOf(dy), dx, geometry(c)));
  }),
];
