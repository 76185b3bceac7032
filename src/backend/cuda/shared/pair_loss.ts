// SimSiamLoss and NegativeCosineSimilarity on the device
// (native/kernels/SimSiamLoss.{h,cc,cu}): the loss lands in a device scalar
// and dL/dp (dy = 1) in device tensors, with no host round trip.
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { isFloat32, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

/** The loss over (p, z) input pairs, each weighted `weight`; outputs [loss, dL/dp of each pair]. */
export function pairLossKernel(kernelName: string, pairs: Array<[string, string]>, weight: number): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const ps = pairs.map(([p]) => args.inputs[p] as TensorInfo);
    const zs = pairs.map(([, z]) => args.inputs[z] as TensorInfo);
    const shape = ps[0].shape;
    const all = [...ps, ...zs];
    if (!isFloat32(...all) || shape.length !== 2 || sizeOf(shape) === 0 ||
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
