import { Multiply } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const multiplyConfig: NativeCpuKernel = binaryKernel(Multiply);
