import { Sum } from '@tensorflow/tfjs-core';
import { reduceKernel, type NativeCpuKernel } from './kernel_utils.js';

export const sumConfig: NativeCpuKernel = reduceKernel(Sum, 'axis');
