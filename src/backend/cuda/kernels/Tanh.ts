import { Tanh } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const tanhConfig = unaryKernel(Tanh);
