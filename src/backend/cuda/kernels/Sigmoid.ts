import { Sigmoid } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const sigmoidConfig = unaryKernel(Sigmoid);
