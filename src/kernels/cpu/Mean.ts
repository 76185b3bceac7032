import { Mean } from '@tensorflow/tfjs-core';
import { reduceKernel, type NativeCpuKernel } from './kernel_utils.js';

export const meanConfig: NativeCpuKernel = reduceKernel(Mean, 'axis');
