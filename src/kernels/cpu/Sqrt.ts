import { Sqrt } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const sqrtConfig: NativeCpuKernel = unaryKernel(Sqrt);
