// SimSiamLoss, NegativeCosineSimilarity and SimSiamLossGrad on the device
// (native/kernels/SimSiamLoss.{h,cc,cu}): the loss lands in a device scalar
// and dL/dp (dy = 1) in device tensors, with no host round trip; the gradient
// configs (src/kernels/SimSiamLoss.ts) are backend-independent.
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { NEGATIVE_COSINE_SIMILARITY, SIMSIAM_LOSS, SIMSIAM_LOSS_GRAD } from '../../../kernels/SimSiamLoss.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, isFloat32 } from '../kernel_utils.js';

function pairKernel(kernelName: string, pairs: Array<[string, string]>, weight: number): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const ps = pairs.map(([p]) => args.inputs[p] as TensorInfo);
    const zs = pairs.map(([, z]) => args.inputs[z] as TensorInfo);
    const shape = ps[0].shape;
    const all = [...ps, ...zs];
    if (!isFloat32(...all) || shape.length !== 2 || util.sizeFromShape(shape) === 0 ||
      !all.every((t) => util.arraysEqual(t.shape, shape))) return runOnHost(kernelName, args);
    const { backend } = args;
    const [B, D] = shape;
    const loss = backend.makeOutput([], 'float32', kernelName);
    const grads = pairs.map(() => backend.makeOutput([B, D], 'float32', kernelName));
    try {
      native.device.pairLoss(ps.map((t) => backend.bufferOf(t)), zs.map((t) => backend.bufferOf(t)),
        grads.map((t) => backend.bufferOf(t)), B, D, weight, backend.bufferOf(loss));
    } catch (e) {
      for (const t of [loss, ...grads]) backend.disposeIntermediateTensorInfo(t);
      throw e;
    }
    return [loss, ...grads];
  });
}

export const simsiamLossKernels: KernelConfig[] = [
  // (p1, z2) and (p2, z1), each weighted 1/2.
  pairKernel(SIMSIAM_LOSS, [['p1', 'z2'], ['p2', 'z1']], 0.5),
  pairKernel(NEGATIVE_COSINE_SIMILARITY, [['p', 'z']], 1),
  cudaKernel(SIMSIAM_LOSS_GRAD, (args) => {
    const { dy, grad } = args.inputs as { dy: TensorInfo; grad: TensorInfo };
    if (!isFloat32(dy, grad) || util.sizeFromShape(dy.shape) !== 1) return runOnHost(SIMSIAM_LOSS_GRAD, args);
    const { backend } = args;
    const out = backend.makeOutput(grad.shape, 'float32', SIMSIAM_LOSS_GRAD);
    try {
      native.device.scaleGrad(backend.bufferOf(grad), backend.bufferOf(dy), backend.bufferOf(out), util.sizeFromShape(grad.shape));
    } catch (e) {
      backend.disposeIntermediateTensorInfo(out);
      throw e;
    }
    return out;
  }),
];
