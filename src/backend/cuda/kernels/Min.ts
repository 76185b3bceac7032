import { Min } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../shared/reduction.js';

export const minConfig = reduceKernel(Min, 'axis');
