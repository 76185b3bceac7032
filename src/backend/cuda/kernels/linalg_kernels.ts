// The linalg family of cuda kernels (one file per kernel or small group).
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulKernels } from './BatchMatMul.js';
import { conv2dKernels } from './Conv2D.js';

export const linalgKernels: KernelConfig[] = [...batchMatMulKernels, ...conv2dKernels];
