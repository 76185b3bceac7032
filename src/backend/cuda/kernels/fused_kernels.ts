// The fused family of cuda kernels: batch norm (training and inference),
// pooling and the fused SimSiam ops (one file per kernel or small group).
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormTrainingKernels } from './BatchNormTraining.js';
import { fusedBatchNormKernels } from './FusedBatchNorm.js';
import { poolKernels } from './Pool.js';
import { simsiamAugmentKernels } from './SimSiamAugment.js';
import { simsiamLossKernels } from './SimSiamLoss.js';

export const fusedKernels: KernelConfig[] = [
  ...batchNormTrainingKernels,
  ...fusedBatchNormKernels,
  ...poolKernels,
  ...simsiamLossKernels,
  ...simsiamAugmentKernels,
];
