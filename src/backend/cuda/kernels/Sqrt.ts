import { Sqrt } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const sqrtConfig = unaryKernel(Sqrt);
