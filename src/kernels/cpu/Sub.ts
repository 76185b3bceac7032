import { Sub } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const subConfig: NativeCpuKernel = binaryKernel(Sub);
