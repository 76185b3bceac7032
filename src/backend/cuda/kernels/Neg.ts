import { Neg } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const negConfig = unaryKernel(Neg);
