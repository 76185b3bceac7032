import { Rsqrt } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const rsqrtConfig: NativeCpuKernel = unaryKernel(Rsqrt);
