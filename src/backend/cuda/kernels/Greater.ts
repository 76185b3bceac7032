import { Greater } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const greaterConfig = compareKernel(Greater);
