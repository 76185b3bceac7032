import { LeakyRelu } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const leakyReluConfig = unaryKernel(LeakyRelu);
