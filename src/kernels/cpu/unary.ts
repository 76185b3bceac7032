// Unary element-wise kernels that a training step runs (Relu, Step, Sqrt,
// Rsqrt, Square, Neg, Abs) on the cpu backend: native for float32
// (bit-identical to the JS kernels), the stock kernel for other dtypes.
import type { KernelFunc, StepAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor, uninitialisedFloat32 } from '../host_io.js';
import { UnaryOp, isFloat32Tensor, sizeOf } from './shape_args.js';

export function nativeUnary(op: (typeof UnaryOp)[keyof typeof UnaryOp]): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (!isFloat32Tensor(x)) return stock(args);
    const { backend } = args;
    const values = hostFloat32(backend, x);
    if (values.length !== sizeOf(x.shape)) return stock(args);
    const alpha = op === UnaryOp.Step ? Number((args.attrs as unknown as StepAttrs).alpha) : 0;
    const y = uninitialisedFloat32(values.length);
    native.unary(op, values, y, alpha);
    return outputTensor(backend, x.shape, y);
  };
}
