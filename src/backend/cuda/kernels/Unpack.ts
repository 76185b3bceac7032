// Unpack on any device dtype: one strided copy per output.
import { Unpack, type TensorInfo, type UnpackAttrs } from '@tensorflow/tfjs-core';
import { MAX_RANK } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, sliceOnDevice } from '../shared/movement.js';

export const unpackConfig = cudaKernel(Unpack, (args) => {
  const x = args.inputs.value as TensorInfo;
  let { axis } = args.attrs as unknown as UnpackAttrs;
  if (axis < 0) axis += x.shape.length;
  if (!onDevice(x) || x.shape.length > MAX_RANK) return runOnHost(Unpack, args);
  const outShape = x.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  const size = x.shape.slice();
  size[axis] = 1;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < x.shape[axis]; i++) {
    begin[axis] = i;
    outs.push(sliceOnDevice(args.backend, x, begin, size, undefined, outShape, Unpack)!);
  }
  return outs;
});
