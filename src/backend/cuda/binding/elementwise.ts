// native.device's element-wise kernels (native/binding/device/ElementwiseDeviceBinding.cc).
// `shape` arguments: src/kernels/cpu/shape_args.ts (SHAPE_ARGS).
export interface ElementwiseDeviceBinding {
  /** y = op(a, b) with broadcasting; shape: rank, out, a, b. Ops: ElementwiseOps.h. */
  binary(op: number, a: number, b: number, y: number, shape: Int32Array): void;
  /** y = op(x) over n values; alpha: Step's value for x <= 0, LeakyRelu's slope. */
  unary(op: number, x: number, y: number, n: number, alpha: number): void;
  /** One SGD-with-momentum step of n values (native/kernels/SgdUpdate.h); buf null on the first step. */
  sgdUpdate(w: number, g: number, buf: number | null, n: number, lr: number, momentum: number, weightDecay: number,
    wOut: number, bufOut: number): void;
  /** y = current - (current - value) * decay over n values (native/kernels/MovingAverage.h). */
  movingAverage(current: number, value: number, n: number, decay: number, y: number): void;
}
