// Concat on any device dtype: one strided copy per input into its columns of
// the output viewed as [outer, total inner].
import { Concat, backend_util, util, type ConcatAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { INT32_MAX, sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { concatColumns, onDevice, shareBuffer } from '../shared/movement.js';

export const concatConfig = cudaKernel(Concat, (args) => {
  const inputs = args.inputs as unknown as TensorInfo[];
  const { axis } = args.attrs as unknown as ConcatAttrs;
  const $axis = util.parseAxisParam(axis, inputs[0].shape)[0];
  backend_util.assertParamsConsistent(inputs.map((t) => t.shape), $axis);
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), $axis);
  const dtype = inputs[0].dtype;
  if (!onDevice(...inputs) || inputs.some((t) => t.dtype !== dtype)) return runOnHost(Concat, args);
  const { backend } = args;
  if (sizeOf(outShape) === 0) return backend.makeOutput(outShape, dtype, Concat);
  const nonEmpty = inputs.filter((t) => sizeOf(t.shape) > 0);
  if (nonEmpty.length === 1) {
    return shareBuffer(backend, nonEmpty[0], nonEmpty[0].shape);
  }
  const outer = sizeOf(outShape.slice(0, $axis));
  const inners = nonEmpty.map((t) => sizeOf(t.shape.slice($axis)));
  if (outer > INT32_MAX || inners.reduce((a, b) => a + b, 0) > INT32_MAX) return runOnHost(Concat, args);
  const y = backend.makeOutput(outShape, dtype, Concat);
  concatColumns(backend, nonEmpty, inners, outer, y);
  return y;
});
