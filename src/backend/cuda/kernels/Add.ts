import { Add } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const addConfig = binaryKernel(Add);
