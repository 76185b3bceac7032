import { Add } from '@tensorflow/tfjs-core';
import { binaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const addConfig: NativeCpuKernel = binaryKernel(Add);
