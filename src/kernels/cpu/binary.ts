// Binary element-wise kernels (Add, Sub, Multiply, RealDiv,
// SquaredDifference, Maximum, Minimum) on the cpu backend: one native pass
// with NumPy broadcasting for float32 (bit-identical to the JS kernels);
// other dtypes, complex and shapes that do not broadcast run the stock kernel.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor, uninitialisedFloat32 } from '../host_io.js';
import { BinaryOp, SHAPE_ARGS, broadcastArgs, isFloat32Tensor, sizeOf } from './shape_args.js';

export function nativeBinary(op: (typeof BinaryOp)[keyof typeof BinaryOp]): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (!isFloat32Tensor(a) || !isFloat32Tensor(b)) return stock(args);
    const outShape = broadcastArgs(a.shape, b.shape);
    if (!outShape) return stock(args);
    const { backend } = args;
    const y = uninitialisedFloat32(sizeOf(outShape));
    native.binary(op, hostFloat32(backend, a), hostFloat32(backend, b), y, SHAPE_ARGS);
    return outputTensor(backend, outShape, y);
  };
}
