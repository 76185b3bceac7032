import { LogicalOr } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const logicalOrConfig = compareKernel(LogicalOr);
