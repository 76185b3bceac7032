// Pack (stack) on any device dtype: Concat's column copies, one per input.
import { Pack, util, type PackAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { INT32_MAX, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { concatColumns, onDevice, shareBuffer } from '../shared/movement.js';

export const packConfig = cudaKernel(Pack, (args) => {
  const inputs = args.inputs as unknown as TensorInfo[];
  const { axis } = args.attrs as unknown as PackAttrs;
  const shape = inputs[0].shape, dtype = inputs[0].dtype;
  const rank = shape.length;
  const $axis = axis < 0 ? rank + axis + 1 : axis;
  util.assert($axis <= rank, () => 'Axis must be <= rank of the tensor');
  const outShape = shape.slice();
  outShape.splice($axis, 0, inputs.length);
  if (inputs.length === 1) return shareBuffer(args.backend, inputs[0], outShape);
  inputs.forEach((t) => {
    util.assertShapesMatch(shape, t.shape, 'All tensors passed to stack must have matching shapes');
    util.assert(dtype === t.dtype, () => 'All tensors passed to stack must have matching dtypes');
  });
  const outer = sizeOf(shape.slice(0, $axis)), inner = sizeOf(shape.slice($axis));
  if (!onDevice(...inputs) || outer > INT32_MAX || inner * inputs.length > INT32_MAX) return runOnHost(Pack, args);
  const { backend } = args;
  const y = backend.makeOutput(outShape, dtype, Pack);
  if (sizeOf(outShape) > 0) concatColumns(backend, inputs, inputs.map(() => inner), outer, y);
  return y;
});
