import { _FusedMatMul } from '@tensorflow/tfjs-core';
import { matMulKernel } from '../shared/linalg.js';

export const _fusedMatMulConfig = matMulKernel(_FusedMatMul);
