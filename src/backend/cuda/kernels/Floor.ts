import { Floor } from '@tensorflow/tfjs-core';
import { unaryKernel } from '../shared/elementwise.js';

export const floorConfig = unaryKernel(Floor);
