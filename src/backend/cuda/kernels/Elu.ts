import { Elu } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const eluConfig = unaryKernel(Elu);
