import { ArgMin } from '@tensorflow/tfjs-core';
import { argMinMaxKernel } from '../shared/reduction.js';

export const argMinConfig = argMinMaxKernel(ArgMin);
