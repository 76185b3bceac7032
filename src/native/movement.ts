// Data movement, casts and comparisons. `shape` arguments: SHAPE_ARGS
// (src/kernels/shared/shape_args.ts). Device movement kernels take the
// element size (1 for bool, 4 for float32 / int32); `type` is an ElementType
// code (0 float32, 1 int32, 2 bool; native/kernels/Movement.h).

export interface MovementBinding {
  /** shape: rank, dims, reps. */
  tile(x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** shape: rank, dims, begin, size. */
  slice(x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** shape: rank, dims, before, after. */
  padV2(x: Float32Array, y: Float32Array, shape: Int32Array, value: number): void;
}

export interface MovementDeviceBinding {
  /** y[i] = x[begin + i * strides] per dimension; shape: rank, dims, begin, size, strides. */
  slice(x: number, y: number, elemBytes: number, shape: Int32Array): void;
  /** y[yOffset + i . yStride] = x[xOffset + i . xStride] over size; shape: rank, size, xStride, yStride. */
  stridedCopy(x: number, y: number, elemBytes: number, shape: Int32Array, xOffset: number, yOffset: number): void;
  /** shape: rank, dims, before, after; value: the constant as one element of the dtype. */
  padV2(x: number, y: number, elemBytes: number, shape: Int32Array, value: ArrayBufferView): void;
  /** shape: rank, dims, reps. */
  tile(x: number, y: number, elemBytes: number, shape: Int32Array): void;
  /** shape: rank, dims (of x), perm. */
  transpose(x: number, y: number, elemBytes: number, shape: Int32Array): void;
  /** from != to (ElementType codes); tfjs semantics (native/kernels/MovementOps.h). */
  cast(from: number, to: number, x: number, y: number, n: number): void;
  /** y (bool) = op(a, b) with broadcasting; shape: rank, out, a, b. Ops: CompareOp in MovementOps.h. */
  compare(op: number, type: number, a: number, b: number, y: number, shape: Int32Array): void;
  logicalNot(x: number, y: number, n: number): void;
  /** y = condition == 1 ? t : e, all of n elements; elemBytes 1 or 4. */
  select(condition: number, t: number, e: number, y: number, n: number, elemBytes: number): void;
  /** y = x[0] + x[1] + ... (float32 or int32), in input order. */
  addN(type: number, xs: number[], y: number, n: number): void;
  /** float32: y = x > max ? max : x < min ? min : x (compared in double). */
  clipByValue(x: number, y: number, n: number, min: number, max: number): void;
}
