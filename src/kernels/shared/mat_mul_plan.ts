// The plan of a native (batched) matrix product, cpu backend and device:
// transposes and NumPy-style broadcasting of the batch dimensions.
import { broadcast_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { isFloat32, sizeOf } from './shape_args.js';

export interface MatMulPlan {
  outShape: number[];
  dims: Int32Array;    // [batch, M, N, K, transposeA, transposeB]
  aIndex: Int32Array;  // matrix of a used by each output matrix
  bIndex: Int32Array;
}

// For each output batch index (row-major over outer), the matrix of an operand
// with batch dims `shape` (right-aligned; size-1 dims repeat).
function broadcastIndex(shape: readonly number[], outer: readonly number[]): Int32Array {
  const index = new Int32Array(sizeOf(outer));
  const offset = outer.length - shape.length;
  for (let i = 0; i < index.length; i++) {
    let rest = i, flat = 0, stride = 1;
    for (let d = outer.length - 1; d >= 0; d--) {
      const coord = rest % outer[d];
      rest = Math.floor(rest / outer[d]);
      const own = d - offset;
      if (own < 0) break;
      if (shape[own] !== 1) flat += coord * stride;
      stride *= shape[own];
    }
    index[i] = flat;
  }
  return index;
}

/** The native plan of a (batched) matrix product, or null where the stock kernel must run. */
export function matMulPlan(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  const ra = a.shape.length, rb = b.shape.length;
  if (!isFloat32(a, b) || ra < 2 || rb < 2) return null;
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== (transposeB ? b.shape[rb - 1] : b.shape[rb - 2])) return null;
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = sizeOf(outer);
  if (M < 1 || N < 1 || K < 1 || batch < 1) return null;
  return {
    outShape: [...outer, M, N],
    dims: Int32Array.of(batch, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0),
    aIndex: broadcastIndex(outerA, outer),
    bIndex: broadcastIndex(outerB, outer),
  };
}
