import { SquaredDifference } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const squaredDifferenceConfig: NativeCpuKernel = binaryKernel(SquaredDifference);
