// Reductions and indexing. `shape` arguments: SHAPE_ARGS
// (src/kernels/shared/shape_args.ts); ReduceOp: src/kernels/shared/op_codes.ts.

export interface ReductionBinding {
  /** y = op(x) over the reduced dims; shape: rank, dims, reduced (0/1). */
  reduce(op: number, x: Float32Array, y: Float32Array, shape: Int32Array): void;
}

export interface ReductionDeviceBinding {
  /** y = op of float32 x over the flagged dimensions; shape: rank, dims, reduced (0/1). */
  reduce(op: number, x: number, y: number, shape: Int32Array): void;
  /** int32 y [outer, inner] = index of the first max (max = 1) / min (0) of float32 x [outer, reduce, inner]. */
  argMinMax(max: number, x: number, y: number, outer: number, reduce: number, inner: number): void;
  /** The k largest of each row of float32 x [rows, n], sorted (ties by index); indices int32. k <= 2048. */
  topk(x: number, values: number, indices: number, rows: number, n: number, k: number): void;
  /**
   * y [batch, outer, count, slice] = x [batch, outer, dim, slice] at indices [batch, count] (int32) along dim;
   * elements of 1 (bool) or 4 bytes; an index outside [0, dim) gives zeros.
   */
  gather(elementBytes: number, x: number, indices: number, y: number,
    batch: number, outer: number, dim: number, slice: number, count: number): void;
  /** y [count, depth] of 32-bit patterns: `on` where d == indices[e], else `off`. */
  oneHot(indices: number, y: number, count: number, depth: number, on: number, off: number): void;
}
