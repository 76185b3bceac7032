// Registers every simsiam-node kernel and gradient with tfjs, once, and the
// native overrides of tfjs-backend-cpu's convolution and matmul kernels.
import { registerGradient, registerKernel, getKernel, type GradConfig, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormTrainingConfigs, batchNormTrainingGradConfig } from './BatchNormTraining.js';
import { simsiamAugmentConfigs } from './SimSiamAugment.js';
import { simsiamLossConfigs, simsiamLossGradConfigs } from './SimSiamLoss.js';
import { sgdUpdateConfigs } from './SgdMomentumUpdate.js';
import { movingAverageConfigs } from './MovingAverage.js';
import { meanGradConfig } from './MeanGrad.js';
import { registerNativeCpuKernels } from './cpu/register_all_kernels.js';

const kernels: KernelConfig[] = [...simsiamLossConfigs, ...simsiamAugmentConfigs, ...batchNormTrainingConfigs,
  ...sgdUpdateConfigs, ...movingAverageConfigs];
const gradients: GradConfig[] = [...simsiamLossGradConfigs, batchNormTrainingGradConfig, meanGradConfig];

export function registerAllKernels(): void {
  for (const k of kernels) if (getKernel(k.kernelName, k.backendName) == null) registerKernel(k);
  for (const g of gradients) registerGradient(g);
  registerNativeCpuKernels();
}

/** The kernels this package registers, as `${backend}:${kernel}`. */
export function registeredKernels(): string[] {
  return kernels.map((k) => `${k.backendName}:${k.kernelName}`);
}
