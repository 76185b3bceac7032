// tfjs kernel `BatchNormTraining`: x [..., C], gamma [C], beta [C] -> y,
// mean [C], variance [C] (biased); attr epsilon. With BatchNormTrainingGrad
// (gradients/BatchNormTraining_grad.ts), two native passes each way where
// tfjs-layers' composition runs ~30 broadcasting kernels.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputFloat32, outputTensor } from './host_io.js';
import { rowsAndChannels } from './shared/shape_args.js';

export const BATCH_NORM_TRAINING = 'BatchNormTraining';

const hostKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const [M, C] = rowsAndChannels(x.shape);
  const y = outputFloat32(backend, M * C), mean = new Float32Array(C), variance = new Float32Array(C);
  native.batchNormTraining(hostFloat32(backend, x), M, C, hostFloat32(backend, inputs.gamma as TensorInfo),
    hostFloat32(backend, inputs.beta as TensorInfo), attrs!.epsilon as number, y, mean, variance);
  return [outputTensor(backend, x.shape, y), outputTensor(backend, [C], mean), outputTensor(backend, [C], variance)];
};

export const batchNormTrainingConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: BATCH_NORM_TRAINING, backendName, kernelFunc: hostKernel,
}));
