import { Square } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const squareConfig = unaryKernel(Square);
