import { Relu6 } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const relu6Config = unaryKernel(Relu6);
