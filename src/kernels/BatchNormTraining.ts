// tfjs kernels `BatchNormTraining` (x [..., C], gamma [C], beta [C] ->
// y, mean [C], variance [C]; attr epsilon) and `BatchNormTrainingGrad`, with
// the gradient that ties them: two native passes each way where tfjs-layers'
// composition runs ~30 broadcasting kernels.
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputTensor } from './host_io.js';

export const BATCH_NORM_TRAINING = 'BatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

function rowsAndChannels(shape: number[]): [number, number] {
  const C = shape[shape.length - 1];
  return [shape.reduce((a, b) => a * b, 1) / C, C];
}

const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const [M, C] = rowsAndChannels(x.shape);
  const y = new Float32Array(M * C), mean = new Float32Array(C), variance = new Float32Array(C);
  native.batchNormTraining(hostFloat32(backend, x), M, C, hostFloat32(backend, inputs.gamma as TensorInfo),
    hostFloat32(backend, inputs.beta as TensorInfo), attrs!.epsilon as number, y, mean, variance);
  return [outputTensor(backend, x.shape, y), outputTensor(backend, [C], mean), outputTensor(backend, [C], variance)];
};

const backward: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const [M, C] = rowsAndChannels(x.shape);
  const dx = new Float32Array(M * C), dgamma = new Float32Array(C), dbeta = new Float32Array(C);
  native.batchNormTrainingGrad(hostFloat32(backend, inputs.dy as TensorInfo), hostFloat32(backend, x), M, C,
    hostFloat32(backend, inputs.gamma as TensorInfo), hostFloat32(backend, inputs.mean as TensorInfo),
    hostFloat32(backend, inputs.variance as TensorInfo), hostFloat32(backend, inputs.dMean as TensorInfo),
    hostFloat32(backend, inputs.dVariance as TensorInfo),
    attrs!.epsilon as number, dx, dgamma, dbeta);
  return [outputTensor(backend, x.shape, dx), outputTensor(backend, [C], dgamma), outputTensor(backend, [C], dbeta)];
};

export const batchNormTrainingConfigs: KernelConfig[] = HOST_BACKENDS.flatMap((backendName) => [
  { kernelName: BATCH_NORM_TRAINING, backendName, kernelFunc: forward },
  { kernelName: BATCH_NORM_TRAINING_GRAD, backendName, kernelFunc: backward },
]);

export const batchNormTrainingGradConfig: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as Tensor[];
    const [x, gamma, mean, variance] = saved;
    // All three gradients come from one kernel call; the engine disposes the unused ones.
    // dMean/dVariance are zeros unless something differentiable used those outputs.
    const inputs = { dy, x, gamma, mean, variance, dMean, dVariance };
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, inputs, attrs as Record<string, never>) as Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
