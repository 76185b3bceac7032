import { Sub } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const subConfig = binaryKernel(Sub);
