// Reductions Sum, Mean (attr `axis`), Max (attr `reductionIndices`) and Min
// (attr `axis`) on the cpu backend: native for float32 over any axes, in
// place (the JS kernels transpose the reduced axes to the end first). Sum and
// Mean accumulate in double (native/kernels/Reduce.h), so they differ from
// the JS kernels by float rounding only; Max and Min return the same values.
// Other dtypes, bad or repeated axes and empty tensors run the stock kernel.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor, uninitialisedFloat32 } from '../host_io.js';
import { ReduceOp, SHAPE_ARGS, isFloat32Tensor, setShapeArgs, sizeOf } from './shape_args.js';

type ReduceCode = (typeof ReduceOp)[keyof typeof ReduceOp];

/**
 * Fills SHAPE_ARGS (rank, dims, reduced flags) and returns the output shape,
 * or null for the stock kernel. `ordered`: only axes in increasing order
 * (Max/Min visit elements in the order of the given axes, which decides
 * between -0 and +0; the native kernel visits them in row-major order).
 */
export function reduceArgs(shape: readonly number[], axis: unknown, keepDims: boolean, ordered: boolean): number[] | null {
  const rank = shape.length;
  const reduced = new Array<number>(rank).fill(axis == null ? 1 : 0);
  if (axis != null) {
    const axes = Array.isArray(axis) ? axis : [axis];
    let previous = -1;
    for (const a of axes) {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank) return null;
      const d = a < 0 ? a + rank : a;
      if (reduced[d] || (ordered && d < previous)) return null;
      reduced[d] = 1;
      previous = d;
    }
  }
  if (sizeOf(shape) === 0 || !setShapeArgs(rank, shape, reduced)) return null;
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (!reduced[d]) out.push(shape[d]);
    else if (keepDims) out.push(1);
  }
  return out;
}

export function nativeReduce(op: ReduceCode, axisAttr: 'axis' | 'reductionIndices'): (stock: KernelFunc) => KernelFunc {
  const ordered = op === ReduceOp.Max || op === ReduceOp.Min;
  return (stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (!isFloat32Tensor(x)) return stock(args);
    const attrs = args.attrs as Record<string, unknown>;
    const outShape = reduceArgs(x.shape, attrs[axisAttr], !!attrs.keepDims, ordered);
    if (!outShape) return stock(args);
    const { backend } = args;
    const y = uninitialisedFloat32(sizeOf(outShape));
    native.reduce(op, hostFloat32(backend, x), y, SHAPE_ARGS);
    return outputTensor(backend, outShape, y);
  };
}
