import { Conv2D } from '@tensorflow/tfjs-core';
import { convKernel } from '../shared/linalg.js';

export const conv2DConfig = convKernel(Conv2D);
