import { Mean } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../shared/reduction.js';

export const meanConfig = reduceKernel(Mean, 'axis');
