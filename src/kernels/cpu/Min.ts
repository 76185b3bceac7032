import { Min } from '@tensorflow/tfjs-core';
import { reduceKernel, type NativeCpuKernel } from './kernel_utils.js';

export const minConfig: NativeCpuKernel = reduceKernel(Min, 'axis');
