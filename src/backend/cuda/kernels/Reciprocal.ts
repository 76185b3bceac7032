import { Reciprocal } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const reciprocalConfig = unaryKernel(Reciprocal);
