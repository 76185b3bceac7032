import { Abs } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const absConfig = unaryKernel(Abs);
