// FusedBatchNorm (the batchNorm op) on the cpu backend: native for float32
// where every parameter holds 1 or L values and L divides x's size, the
// per-channel case (bit-identical to the JS kernel); anything else, including
// the rank mismatches the stock kernel reports, runs the stock kernel.
import { FusedBatchNorm, type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { isFloat32Tensor, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

interface BatchNormInputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  offset?: TensorInfo | null;
  scale?: TensorInfo | null;
}

export const fusedBatchNormConfig: NativeCpuKernel = {
  kernelName: FusedBatchNorm,
  wrap: (stock) => (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as unknown as BatchNormInputs;
    const params = [mean, variance, offset, scale].filter((t): t is TensorInfo => t != null);
    if (!isFloat32Tensor(x) || !params.every(isFloat32Tensor)) return stock(args);
    const rank = mean.shape.length;
    if (!params.every((t) => t.shape.length === rank)) return stock(args);
    const n = sizeOf(x.shape), L = Math.max(...params.map((t) => sizeOf(t.shape)));
    if (n === 0 || L === 0 || n % L !== 0 || !params.every((t) => sizeOf(t.shape) === 1 || sizeOf(t.shape) === L))
      return stock(args);
    const { backend } = args;
    const epsilon = (args.attrs as unknown as FusedBatchNormAttrs).varianceEpsilon ?? 0.001;
    const y = outputFloat32(backend, n);
    native.fusedBatchNorm(hostFloat32(backend, x), hostFloat32(backend, mean), hostFloat32(backend, variance),
      offset ? hostFloat32(backend, offset) : null, scale ? hostFloat32(backend, scale) : null, epsilon, y);
    return outputTensor(backend, x.shape, y);
  },
};
