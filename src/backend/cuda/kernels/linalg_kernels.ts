// The linalg family of cuda kernels (one file per kernel or small group).
import type { KernelConfig } from '@tensorflow/tfjs-core';

export const linalgKernels: KernelConfig[] = [];
