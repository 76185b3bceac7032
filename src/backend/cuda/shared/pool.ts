// Shared by the pooling kernels (native/kernels/Pool.{h,cc,cu}): tfjs's pool
// geometry, and MaxPool / AvgPool themselves.
import { backend_util, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, type CudaKernelArgs } from '../kernel_utils.js';
import { shareBuffer } from './movement.js';

type PoolAttrs = {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

export function poolInfo(x: TensorInfo, attrs: CudaKernelArgs['attrs']): backend_util.Conv2DInfo {
  const a = attrs as unknown as PoolAttrs;
  return backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides,
    1, a.pad, a.dimRoundingMode);
}

/** The geometry argument of native.device.pool and its gradients. */
export function poolGeometry(c: backend_util.Conv2DInfo): Int32Array {
  return Int32Array.of(c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth,
    c.effectiveFilterHeight, c.effectiveFilterWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left);
}

/** Whether the device kernels take this geometry (dilation 1, no negative pads). */
export function poolOnDevice(c: backend_util.Conv2DInfo): boolean {
  return c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top >= 0 && c.padInfo.left >= 0;
}

/** Runs `launch` into a new float32 output, disposing it if the launch throws. */
export function launchInto({ backend }: CudaKernelArgs, shape: number[], kernel: string,
  launch: (out: number) => void): TensorInfo {
  const out = backend.makeOutput(shape, 'float32', kernel);
  try {
    launch(backend.bufferOf(out));
  } catch (e) {
    backend.disposeIntermediateTensorInfo(out);
    throw e;
  }
  return out;
}

/**
 * MaxPool / AvgPool on float32 NHWC: tfjs-backend-cpu's semantics bit for
 * bit, including its identity shortcut for 1x1 pooling that keeps the shape.
 */
export function poolKernel(kernelName: 'MaxPool' | 'AvgPool'): KernelConfig {
  const op = kernelName === 'MaxPool' ? 0 : 1;
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length !== 4) return runOnHost(kernelName, args);
    const c = poolInfo(x, args.attrs);
    if (c.filterWidth === 1 && c.filterHeight === 1 && util.arraysEqual(c.inShape, c.outShape)) {
      return shareBuffer(args.backend, x, x.shape);  // tfjs-backend-cpu's identity
    }
    if (!poolOnDevice(c)) return runOnHost(kernelName, args);
    return launchInto(args, c.outShape, kernelName, (y) => native.device.pool(op, args.backend.bufferOf(x), y, poolGeometry(c)));
  });
}
