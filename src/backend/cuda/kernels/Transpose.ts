// Transpose, Concat and Pack on any device dtype (native/kernels/
// Transpose.{cc,cu}; Concat and Pack are one strided copy per input into its
// columns of the output viewed as [outer, total inner], Slice.{cc,cu}).
import { backend_util, util, type ConcatAttrs, type KernelConfig, type PackAttrs, type TensorInfo, type TransposeAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement, type CudaBackend } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, writeShapeArgs } from './movement_codes.js';

/** Copies each input (as [outer, inner_i]) into columns of y ([outer, sum inner_i]). */
function concatColumns(backend: CudaBackend, inputs: TensorInfo[], inners: number[], outer: number, y: TensorInfo): void {
  const total = inners.reduce((a, b) => a + b, 0);
  const e = bytesPerElement(y.dtype);
  let col = 0;
  inputs.forEach((t, i) => {
    const inner = inners[i];
    if (outer * inner > 0) {
      writeShapeArgs(2, [outer, inner], [inner, 1], [total, 1]);
      native.device.stridedCopy(backend.bufferOf(t), backend.bufferOf(y), e, SHAPE_ARGS, 0, col);
    }
    col += inner;
  });
}

const INT32_MAX = 2 ** 31 - 1;

export const transposeConcatKernels: KernelConfig[] = [
  cudaKernel('Transpose', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { perm } = args.attrs as unknown as TransposeAttrs;
    const newShape = perm.map((p) => x.shape[p]);
    if (!onDevice(x) || perm.length !== x.shape.length || !writeShapeArgs(x.shape.length, x.shape, perm)) return runOnHost('Transpose', args);
    const { backend } = args;
    const y = backend.makeOutput(newShape, x.dtype, 'Transpose');
    if (sizeOf(newShape) > 0) native.device.transpose(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
    return y;
  }),

  cudaKernel('Concat', (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const { axis } = args.attrs as unknown as ConcatAttrs;
    const $axis = util.parseAxisParam(axis, inputs[0].shape)[0];
    backend_util.assertParamsConsistent(inputs.map((t) => t.shape), $axis);
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), $axis);
    const dtype = inputs[0].dtype;
    if (!onDevice(...inputs) || inputs.some((t) => t.dtype !== dtype)) return runOnHost('Concat', args);
    const { backend } = args;
    if (sizeOf(outShape) === 0) return backend.makeOutput(outShape, dtype, 'Concat');
    const nonEmpty = inputs.filter((t) => sizeOf(t.shape) > 0);
    if (nonEmpty.length === 1) {
      backend.incRef(nonEmpty[0].dataId);
      return { dataId: nonEmpty[0].dataId, shape: nonEmpty[0].shape, dtype };
    }
    const outer = sizeOf(outShape.slice(0, $axis));
    const inners = nonEmpty.map((t) => sizeOf(t.shape.slice($axis)));
    if (outer > INT32_MAX || inners.reduce((a, b) => a + b, 0) > INT32_MAX) return runOnHost('Concat', args);
    const y = backend.makeOutput(outShape, dtype, 'Concat');
    concatColumns(backend, nonEmpty, inners, outer, y);
    return y;
  }),

  cudaKernel('Pack', (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const { axis } = args.attrs as unknown as PackAttrs;
    const shape = inputs[0].shape, dtype = inputs[0].dtype;
    const rank = shape.length;
    const $axis = axis < 0 ? rank + axis + 1 : axis;
    util.assert($axis <= rank, () => 'Axis must be <= rank of the tensor');
    const outShape = shape.slice();
    outShape.splice($axis, 0, inputs.length);
    if (inputs.length === 1) {
      const { backend } = args;
      backend.incRef(inputs[0].dataId);
      return { dataId: inputs[0].dataId, shape: outShape, dtype };
    }
    inputs.forEach((t) => {
      util.assertShapesMatch(shape, t.shape, 'All tensors passed to stack must have matching shapes');
      util.assert(dtype === t.dtype, () => 'All tensors passed to stack must have matching dtypes');
    });
    const outer = sizeOf(shape.slice(0, $axis)), inner = sizeOf(shape.slice($axis));
    if (!onDevice(...inputs) || outer > INT32_MAX || inner * inputs.length > INT32_MAX) return runOnHost('Pack', args);
    const { backend } = args;
    const y = backend.makeOutput(outShape, dtype, 'Pack');
    if (sizeOf(outShape) > 0) concatColumns(backend, inputs, inputs.map(() => inner), outer, y);
    return y;
  }),
];
