import { Max } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../shared/reduction.js';

export const maxConfig = reduceKernel(Max, 'reductionIndices');
