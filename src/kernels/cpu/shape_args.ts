// Shapes for the native element-wise, reduction and data-movement kernels
// (native/binding/CpuElementwiseBinding.cc). The arguments go in one reused
// Int32Array, `SHAPE_ARGS`: the rank, then rank-long fields. Kernels run one
// at a time and the native side reads it during the call only, so sharing it
// saves an allocation per call (most calls are small).
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** native/kernels/TensorShape.h's kMaxRank: higher ranks run the stock kernel. */
export const MAX_RANK = 8;
const INT32_MAX = 2 ** 31 - 1;

export const SHAPE_ARGS = new Int32Array(1 + 4 * MAX_RANK);

export { BinaryOp, ReduceOp, UnaryOp } from '../op_codes.js';

export function isFloat32Tensor(t: TensorInfo | undefined | null): t is TensorInfo {
  return t != null && t.dtype === 'float32';
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Writes rank-long fields after the rank; false where the native kernels do not take the values. */
export function setShapeArgs(rank: number, ...fields: ReadonlyArray<readonly number[]>): boolean {
  if (rank > MAX_RANK) return false;
  SHAPE_ARGS[0] = rank;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f];
    for (let d = 0; d < rank; d++) {
      const v = field[d];
      if (!Number.isInteger(v) || v < 0 || v > INT32_MAX) return false;
      SHAPE_ARGS[1 + f * rank + d] = v;
    }
  }
  return true;
}

/**
 * NumPy broadcasting of a and b (tfjs's assertAndGetBroadcastShape): fills
 * SHAPE_ARGS with rank, out, a, b (right-aligned) and returns the output
 * shape, or null for the stock kernel (shapes that do not broadcast, which it
 * reports, empty tensors, ranks above MAX_RANK).
 */
export function broadcastArgs(aShape: readonly number[], bShape: readonly number[]): number[] | null {
  const rank = Math.max(aShape.length, bShape.length);
  if (rank > MAX_RANK) return null;
  const aPad = rank - aShape.length, bPad = rank - bShape.length;
  const out = new Array<number>(rank);
  SHAPE_ARGS[0] = rank;
  for (let d = 0; d < rank; d++) {
    const a = d < aPad ? 1 : aShape[d - aPad], b = d < bPad ? 1 : bShape[d - bPad];
    const o = a === 1 ? b : a;
    if ((b !== o && b !== 1) || o < 1 || o > INT32_MAX) return null;
    out[d] = o;
    SHAPE_ARGS[1 + d] = o;
    SHAPE_ARGS[1 + rank + d] = a;
    SHAPE_ARGS[1 + 2 * rank + d] = b;
  }
  return out;
}
