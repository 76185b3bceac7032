import { Maximum } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const maximumConfig = binaryKernel(Maximum);
