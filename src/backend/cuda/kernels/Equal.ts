import { Equal } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const equalConfig = compareKernel(Equal);
