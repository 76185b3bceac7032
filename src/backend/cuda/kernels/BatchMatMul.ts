import { BatchMatMul } from '@tensorflow/tfjs-core';
import { matMulKernel } from '../shared/linalg.js';

export const batchMatMulConfig = matMulKernel(BatchMatMul);
