import { Identity, type TensorInfo } from '@tensorflow/tfjs-core';
import { cudaKernel } from '../kernel_utils.js';
import { shareBuffer } from '../shared/movement.js';

export const identityConfig = cudaKernel(Identity, (args) => {
  const x = args.inputs.x as TensorInfo;
  return shareBuffer(args.backend, x, x.shape);
});
