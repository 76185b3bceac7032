import { SquaredDifference } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const squaredDifferenceConfig = binaryKernel(SquaredDifference);
