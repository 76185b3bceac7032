import { Abs } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const absConfig: NativeCpuKernel = unaryKernel(Abs);
