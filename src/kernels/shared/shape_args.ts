// Shapes for the native element-wise, reduction and data-movement kernels
// (cpu backend and device). The arguments go in one reused Int32Array,
// `SHAPE_ARGS`: the rank, then rank-long fields. Kernels run one at a time
// and the native side reads it during the call only, so sharing it saves an
// allocation per call (most calls are small).
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** native/kernels/TensorShape.h's kMaxRank: higher ranks run elsewhere (stock kernel, host). */
export const MAX_RANK = 8;
const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export const SHAPE_ARGS = new Int32Array(1 + 4 * MAX_RANK);

export function isFloat32Tensor(t: TensorInfo | undefined | null): t is TensorInfo {
  return t != null && t.dtype === 'float32';
}

/** Whether every tensor given is float32 (absent optional inputs, null or undefined, pass). */
export function isFloat32(...ts: Array<TensorInfo | undefined | null>): boolean {
  return ts.every((t) => t == null || t.dtype === 'float32');
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

function putShapeArgs(min: number, rank: number, fields: ReadonlyArray<readonly number[]>): boolean {
  if (rank > MAX_RANK || fields.length * rank + 1 > SHAPE_ARGS.length) return false;
  SHAPE_ARGS[0] = rank;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f];
    for (let d = 0; d < rank; d++) {
      const v = field[d];
      if (!Number.isInteger(v) || v < min || v > INT32_MAX) return false;
      SHAPE_ARGS[1 + f * rank + d] = v;
    }
  }
  return true;
}

/**
 * Writes rank-long fields of non-negative int32 after the rank; false where
 * the native kernels do not take them (rank above MAX_RANK, other values):
 * the caller runs the stock kernel, which also reports bad arguments.
 */
export function setShapeArgs(rank: number, ...fields: ReadonlyArray<readonly number[]>): boolean {
  return putShapeArgs(0, rank, fields);
}

/** setShapeArgs for fields that may be negative (strides, offsets) and are checked by the caller. */
export function setSignedShapeArgs(rank: number, ...fields: ReadonlyArray<readonly number[]>): boolean {
  return putShapeArgs(INT32_MIN, rank, fields);
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

/**
 * Fills SHAPE_ARGS (rank, dims, reduced flags) for a reduction over `axis`
 * (null: all) and returns the output shape, or null for the stock kernel
 * (bad or repeated axes, empty tensors). `ordered`: only axes in increasing
 * order (Max/Min visit elements in the order of the given axes, which decides
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

/** [rows, channels] of a tensor viewed as [M, C] (C its last dimension), as the batch-norm kernels take it. */
export function rowsAndChannels(shape: readonly number[]): [number, number] {
  const C = shape[shape.length - 1];
  return [sizeOf(shape) / C, C];
}
