import { Neg } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const negConfig: NativeCpuKernel = unaryKernel(Neg);
