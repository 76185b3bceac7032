import { Step } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const stepConfig = unaryKernel(Step);
