// Not a tfjs-core kernel name (tf.squeeze runs Reshape); kept registered for
// callers of runKernel('Squeeze').
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { cudaKernel } from '../kernel_utils.js';
import { shareBuffer } from '../shared/movement.js';

export const squeezeConfig = cudaKernel('Squeeze', (args) => {
  const x = args.inputs.x as TensorInfo;
  const axis = args.attrs.axis as number[];
  const { newShape } = util.squeezeShape(x.shape, util.parseAxisParam(axis, x.shape));
  return shareBuffer(args.backend, x, newShape);
});
