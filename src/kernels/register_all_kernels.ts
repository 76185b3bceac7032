// Registers every simsiam-node kernel (on the host backends, one file per
// kernel, named after it) and gradient with tfjs, once, and the native
// overrides of tfjs-backend-cpu's kernels (cpu/register_all_kernels.ts).
import { registerGradient, registerKernel, getKernel, type GradConfig, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormTrainingConfigs } from './BatchNormTraining.js';
import { batchNormTrainingGradConfigs } from './BatchNormTrainingGrad.js';
import { movingAverageConfigs } from './MovingAverage.js';
import { negativeCosineSimilarityConfigs } from './NegativeCosineSimilarity.js';
import { sgdMomentumUpdateConfigs } from './SgdMomentumUpdate.js';
import { simSiamAugmentConfigs } from './SimSiamAugment.js';
import { simSiamLossConfigs } from './SimSiamLoss.js';
import { simSiamLossGradConfigs } from './SimSiamLossGrad.js';
import { batchNormTrainingGradient } from './gradients/BatchNormTraining_grad.js';
import { meanGradient } from './gradients/Mean_grad.js';
import { negativeCosineSimilarityGradient } from './gradients/NegativeCosineSimilarity_grad.js';
import { simSiamLossGradient } from './gradients/SimSiamLoss_grad.js';
import { registerNativeCpuKernels } from './cpu/register_all_kernels.js';

const KERNEL_CONFIGS: KernelConfig[] = [
  ...batchNormTrainingConfigs,
  ...batchNormTrainingGradConfigs,
  ...movingAverageConfigs,
  ...negativeCosineSimilarityConfigs,
  ...sgdMomentumUpdateConfigs,
  ...simSiamAugmentConfigs,
  ...simSiamLossConfigs,
  ...simSiamLossGradConfigs,
];

const GRADIENTS: GradConfig[] = [
  batchNormTrainingGradient,
  meanGradient,
  negativeCosineSimilarityGradient,
  simSiamLossGradient,
];

export function registerAllKernels(): void {
  for (const k of KERNEL_CONFIGS) if (getKernel(k.kernelName, k.backendName) == null) registerKernel(k);
  for (const g of GRADIENTS) registerGradient(g);
  registerNativeCpuKernels();
}

/** The kernels this package registers, as `${backend}:${kernel}`. */
export function registeredKernels(): string[] {
  return KERNEL_CONFIGS.map((k) => `${k.backendName}:${k.kernelName}`);
}
