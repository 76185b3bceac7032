import { GreaterEqual } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const greaterEqualConfig = compareKernel(GreaterEqual);
