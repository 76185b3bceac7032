// FusedBatchNorm (tf.batchNorm) on float32: native/kernels/FusedBatchNorm.{cc,cu},
// the JS kernel's arithmetic (double, one rounding) and its cyclic reading of
// every parameter, so any parameter lengths give tfjs-backend-cpu's values.
import { FusedBatchNorm, util, type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { isFloat32, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const fusedBatchNormConfig = cudaKernel(FusedBatchNorm, (args) => {
  const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | null | undefined> as
    { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo | null; scale?: TensorInfo | null };
  // tfjs-backend-cpu's checks and messages.
  util.assert(mean.shape.length === variance.shape.length,
    () => 'Batch normalization gradient requires mean and variance to have equal ranks.');
  util.assert(offset == null || mean.shape.length === offset.shape.length,
    () => 'Batch normalization gradient requires mean and offset to have equal ranks.');
  util.assert(scale == null || mean.shape.length === scale.shape.length,
    () => 'Batch normalization gradient requires mean and scale to have equal ranks.');
  const params = [mean, variance, offset, scale].filter((t): t is TensorInfo => t != null);
  if (!isFloat32(x, ...params) || params.some((t) => sizeOf(t.shape) === 0))
    return runOnHost(FusedBatchNorm, args);
  const { backend } = args;
  const epsilon = (args.attrs as unknown as FusedBatchNormAttrs).varianceEpsilon ?? 0.001;
  const size = (t: TensorInfo) => sizeOf(t.shape);
  const y = backend.makeOutput(x.shape, 'float32', FusedBatchNorm);
  try {
    native.device.fusedBatchNorm(backend.bufferOf(x), size(x), backend.bufferOf(mean), size(mean),
      backend.bufferOf(variance), size(variance), offset ? backend.bufferOf(offset) : null, offset ? size(offset) : 1,
      scale ? backend.bufferOf(scale) : null, scale ? size(scale) : 1, epsilon, backend.bufferOf(y));
  } catch (e) {
    backend.disposeIntermediateTensorInfo(y);
    throw e;
  }
  return y;
});
