import { Rsqrt } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const rsqrtConfig = unaryKernel(Rsqrt);
