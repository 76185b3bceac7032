import { AvgPool } from '@tensorflow/tfjs-core';
import { poolKernel } from '../shared/pool.js';

export const avgPoolConfig = poolKernel(AvgPool);
