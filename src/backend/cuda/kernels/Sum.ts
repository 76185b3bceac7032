import { Sum } from '@tensorflow/tfjs-core';
import { reduceKernel } from '../shared/reduction.js';

export const sumConfig = reduceKernel(Sum, 'axis');
