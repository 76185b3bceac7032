import { Sign } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const signConfig = unaryKernel(Sign);
