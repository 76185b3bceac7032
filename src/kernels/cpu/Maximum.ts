import { Maximum } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const maximumConfig: NativeCpuKernel = binaryKernel(Maximum);
