import { Multiply } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const multiplyConfig = binaryKernel(Multiply);
