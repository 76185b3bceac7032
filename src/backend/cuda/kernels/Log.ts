import { Log } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const logConfig = unaryKernel(Log);
