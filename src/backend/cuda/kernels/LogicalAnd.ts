import { LogicalAnd } from '@tensorflow/tfjs-core';
import { compareKernel } from '../shared/compare.js';

export const logicalAndConfig = compareKernel(LogicalAnd);
