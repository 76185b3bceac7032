import { Step } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const stepConfig: NativeCpuKernel = unaryKernel(Step);
