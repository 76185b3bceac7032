// Element-wise kernels: on host arrays (the cpu backend) and on device
// buffer ids (native.device). `shape` arguments: SHAPE_ARGS
// (src/kernels/shared/shape_args.ts); op codes: src/kernels/shared/op_codes.ts.

export interface ElementwiseBinding {
  /** y = op(a, b) with broadcasting; shape: rank, out, a, b (right-aligned to rank). */
  binary(op: number, a: Float32Array, b: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** y = op(x) element-wise; alpha: Step's value for x <= 0. */
  unary(op: number, x: Float32Array, y: Float32Array, alpha: number): void;
  /** One SGD-with-momentum step (native/kernels/SgdMomentumUpdate.h); buf null on the first step. */
  sgdMomentumUpdate(w: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number,
    weightDecay: number, wOut: Float32Array, bufOut: Float32Array): void;
  /** y = current - (current - value) * decay (native/kernels/MovingAverage.h). */
  movingAverage(current: Float32Array, value: Float32Array, decay: number, y: Float32Array): void;
}

export interface ElementwiseDeviceBinding {
  /** y = op(a, b) with broadcasting; shape: rank, out, a, b. */
  binary(op: number, a: number, b: number, y: number, shape: Int32Array): void;
  /** y = op(x) over n values; alpha: Step's value for x <= 0, LeakyRelu's slope. */
  unary(op: number, x: number, y: number, n: number, alpha: number): void;
  /** One SGD-with-momentum step of n values; buf null on the first step. */
  sgdMomentumUpdate(w: number, g: number, buf: number | null, n: number, lr: number, momentum: number, weightDecay: number,
    wOut: number, bufOut: number): void;
  /** y = current - (current - value) * decay over n values. */
  movingAverage(current: number, value: number, n: number, decay: number, y: number): void;
}
