// The movement family of cuda kernels (one file per kernel or small group).
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { castKernels } from './Cast.js';
import { compareKernels } from './compare.js';
import { padTileKernels } from './PadV2.js';
import { selectKernels } from './Select.js';
import { sliceKernels } from './Slice.js';
import { transposeConcatKernels } from './Transpose.js';

export const movementKernels: KernelConfig[] = [
  ...sliceKernels,
  ...padTileKernels,
  ...transposeConcatKernels,
  ...castKernels,
  ...compareKernels,
  ...selectKernels,
];
