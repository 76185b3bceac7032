import { Square } from '@tensorflow/tfjs-core';
import { unaryKernel, type NativeCpuKernel } from './kernel_utils.js';

export const squareConfig: NativeCpuKernel = unaryKernel(Square);
