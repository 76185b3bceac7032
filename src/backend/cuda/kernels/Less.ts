import { Less } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const lessConfig = compareKernel(Less);
