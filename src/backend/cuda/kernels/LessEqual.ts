import { LessEqual } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const lessEqualConfig = compareKernel(LessEqual);
