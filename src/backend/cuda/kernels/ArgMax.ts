import { ArgMax } from '@tensorflow/tfjs-core';
import { argMinMaxKernel } from '../shared/reduction.js';

export const argMaxConfig = argMinMaxKernel(ArgMax);
