import { RealDiv } from '@tensorflow/tfjs-core';
import { binaryKernel } from '../shared/elementwise.js';

export const realDivConfig = binaryKernel(RealDiv);
