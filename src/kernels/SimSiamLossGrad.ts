// tfjs kernel `SimSiamLossGrad`: dy (a scalar) and grad (a saved dL/dp for
// dy = 1) -> dy * grad.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputFloat32, outputTensor } from './host_io.js';
import { sizeOf } from './shared/shape_args.js';

export const SIMSIAM_LOSS_GRAD = 'SimSiamLossGrad';

const hostKernel: KernelFunc = ({ inputs, backend }) => {
  const grad = inputs.grad as TensorInfo;
  const dy = hostFloat32(backend, inputs.dy as TensorInfo)[0];
  const out = outputFloat32(backend, sizeOf(grad.shape));
  native.scaleGrad(hostFloat32(backend, grad), dy, out);
  return outputTensor(backend, grad.shape, out);
};

export const simSiamLossGradConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: SIMSIAM_LOSS_GRAD, backendName, kernelFunc: hostKernel,
}));
