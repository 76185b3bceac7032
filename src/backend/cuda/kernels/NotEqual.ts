import { NotEqual } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const notEqualConfig = compareKernel(NotEqual);
