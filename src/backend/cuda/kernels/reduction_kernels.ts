// The reduction family of cuda kernels (one file per kernel or small group).
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { argMinMaxKernels } from './ArgMinMax.js';
import { gatherKernels } from './GatherV2.js';
import { oneHotKernels } from './OneHot.js';
import { reduceKernels } from './reduce.js';
import { topKKernels } from './TopK.js';

export const reductionKernels: KernelConfig[] = [
  ...reduceKernels,
  ...argMinMaxKernels,
  ...topKKernels,
  ...gatherKernels,
  ...oneHotKernels,
];
