import { Pow } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const powConfig = binaryKernel(Pow);
