// SimSiamLossGrad on the device: dy (a device scalar) * the saved gradient,
// with no host round trip (native/kernels/SimSiamLoss.{h,cc,cu}).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SIMSIAM_LOSS_GRAD } from '../../../kernels/SimSiamLossGrad.js';
import { isFloat32, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const simSiamLossGradConfig = cudaKernel(SIMSIAM_LOSS_GRAD, (args) => {
  const { dy, grad } = args.inputs as { dy: TensorInfo; grad: TensorInfo };
  if (!isFloat32(dy, grad) || sizeOf(dy.shape) !== 1) return runOnHost(SIMSIAM_LOSS_GRAD, args);
  const { backend } = args;
  const out = backend.makeOutput(grad.shape, 'float32', SIMSIAM_LOSS_GRAD);
  try {
    native.device.scaleGrad(backend.bufferOf(grad), backend.bufferOf(dy), backend.bufferOf(out), sizeOf(grad.shape));
  } catch (e) {
    backend.disposeIntermediateTensorInfo(out);
    throw e;
  }
  return out;
});
