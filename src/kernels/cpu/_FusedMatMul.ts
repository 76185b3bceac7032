// _FusedMatMul on the cpu backend: the native batched GEMM with bias and
// activation applied to each output tile while it is still in cache.
import { _FusedMatMul, type _FusedMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { matMulPlan } from '../shared/mat_mul_plan.js';
import { sizeOf } from '../shared/shape_args.js';
import { nativeEpilogue, type NativeCpuKernel } from './kernel_utils.js';

interface Inputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

export const _fusedMatMulConfig: NativeCpuKernel = {
  kernelName: _FusedMatMul,
  wrap: (stock) => (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as unknown as Inputs;
    const attrs = args.attrs as unknown as _FusedMatMulAttrs;
    const plan = matMulPlan(a, b, !!attrs.transposeA, !!attrs.transposeB);
    const { backend } = args;
    const ep = plan && nativeEpilogue(backend, plan.outShape, bias, preluActivationWeights, attrs.activation,
      attrs.leakyreluAlpha);
    if (!plan || !ep) return stock(args);
    const c = outputFloat32(backend, sizeOf(plan.outShape));
    native.batchMatMul(hostFloat32(backend, a), hostFloat32(backend, b), c, plan.dims, plan.aIndex, plan.bIndex,
      ep.bias, ep.prelu, ep.activation, ep.leakyAlpha);
    return outputTensor(backend, plan.outShape, c);
  },
};
