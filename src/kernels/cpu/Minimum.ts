import { Minimum } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const minimumConfig: NativeCpuKernel = binaryKernel(Minimum);
