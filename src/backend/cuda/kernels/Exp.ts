import { Exp } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const expConfig = unaryKernel(Exp);
