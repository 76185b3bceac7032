import { MaxPool } from '@tensorflow/tfjs-core';
import { poolKernel } from '../shared/pool.js';

export const maxPoolConfig = poolKernel(MaxPool);
