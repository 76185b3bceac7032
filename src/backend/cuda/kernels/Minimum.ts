import { Minimum } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const minimumConfig = binaryKernel(Minimum);
