// BatchMatMul on the cpu backend: one native GEMM per output matrix, with
// transposes and NumPy-style broadcasting of the batch dimensions.
import { BatchMatMul, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { matMulPlan } from '../shared/mat_mul_plan.js';
import { sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const batchMatMulConfig: NativeCpuKernel = {
  kernelName: BatchMatMul,
  wrap: (stock) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const plan = matMulPlan(a, b, !!transposeA, !!transposeB);
    if (!plan) return stock(args);
    const { backend } = args;
    const c = outputFloat32(backend, sizeOf(plan.outShape));
    native.batchMatMul(hostFloat32(backend, a), hostFloat32(backend, b), c, plan.dims, plan.aIndex, plan.bIndex,
      null, null, 0, 0);
    return outputTensor(backend, plan.outShape, c);
  },
};
