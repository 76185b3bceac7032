// tfjs kernel `BatchNormTrainingGrad`: dy, x, gamma, mean, variance and the
// gradients dMean, dVariance of BatchNormTraining's outputs -> dx, dgamma,
// dbeta in one native pass; attr epsilon.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputFloat32, outputTensor } from './host_io.js';
import { rowsAndChannels } from './shared/shape_args.js';

export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

const hostKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const [M, C] = rowsAndChannels(x.shape);
  const dx = outputFloat32(backend, M * C), dgamma = new Float32Array(C), dbeta = new Float32Array(C);
  native.batchNormTrainingGrad(hostFloat32(backend, inputs.dy as TensorInfo), hostFloat32(backend, x), M, C,
    hostFloat32(backend, inputs.gamma as TensorInfo), hostFloat32(backend, inputs.mean as TensorInfo),
    hostFloat32(backend, inputs.variance as TensorInfo), hostFloat32(backend, inputs.dMean as TensorInfo),
    hostFloat32(backend, inputs.dVariance as TensorInfo),
    attrs!.epsilon as number, dx, dgamma, dbeta);
  return [outputTensor(backend, x.shape, dx), outputTensor(backend, [C], dgamma), outputTensor(backend, [C], dbeta)];
};

export const batchNormTrainingGradConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: BATCH_NORM_TRAINING_GRAD, backendName, kernelFunc: hostKernel,
}));
