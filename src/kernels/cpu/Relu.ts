import { Relu } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const reluConfig: NativeCpuKernel = unaryKernel(Relu);
