import { RealDiv } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const realDivConfig: NativeCpuKernel = binaryKernel(RealDiv);
