// Codes and argument helpers of the movement kernels
// (native/binding/device/MovementDeviceBinding.cc).
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { MAX_RANK, SHAPE_ARGS } from '../../../kernels/shared/shape_args.js';

/** ElementType in native/kernels/Movement.h. */
export const ElementType: Partial<Record<DataType, number>> = { float32: 0, int32: 1, bool: 2 };

/** CompareOp in native/kernels/MovementOps.h. */
export const CompareOp = {
  Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5, LogicalAnd: 6, LogicalOr: 7,
} as const;

const INT32_MIN = -(2 ** 31), INT32_MAX = 2 ** 31 - 1;

/** Whether the device stores dtype natively (float32, int32, bool). */
export function onDevice(...ts: TensorInfo[]): boolean {
  return ts.every((t) => ElementType[t.dtype] !== undefined);
}

/**
 * SHAPE_ARGS = rank, then the fields (integers, negatives allowed); false
 * where the native kernels do not take them (rank above MAX_RANK, values
 * outside int32): the caller falls back to the host.
 */
export function writeShapeArgs(rank: number, ...fields: ReadonlyArray<readonly number[]>): boolean {
  if (rank > MAX_RANK || fields.length * rank + 1 > SHAPE_ARGS.length) return false;
  SHAPE_ARGS[0] = rank;
  for (let f = 0; f < fields.length; f++) {
    for (let d = 0; d < rank; d++) {
      const v = fields[f][d];
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) return false;
      SHAPE_ARGS[1 + f * rank + d] = v;
    }
  }
  return true;
}

/** One element of dtype holding value, as the typed array the device stores. */
export function scalarBytes(dtype: DataType, value: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return Float32Array.of(value);
  if (dtype === 'int32') return Int32Array.of(value);
  return Uint8Array.of(value);
}
