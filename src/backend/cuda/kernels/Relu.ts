import { Relu } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const reluConfig = unaryKernel(Relu);
