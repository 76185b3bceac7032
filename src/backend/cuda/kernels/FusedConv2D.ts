import { FusedConv2D } from '@tensorflow/tfjs-core';
import { convKernel } from '../shared/linalg.js';

export const fusedConv2DConfig = convKernel(FusedConv2D);
