import { Max } from '@tensorflow/tfjs-core';
import { reduceKernel, type NativeCpuKernel } from './kernel_utils.js';

export const maxConfig: NativeCpuKernel = reduceKernel(Max, 'reductionIndices');
