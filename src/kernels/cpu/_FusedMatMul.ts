// _FusedMatMul on the cpu backend: the native batched GEMM with bias and
// activation applied to each output tile while it is still in cache.
import type { _FusedMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputTensor } from '../host_io.js';
import { matMulPlan } from './BatchMatMul.js';
import { nativeEpilogue } from './fused_epilogue.js';

interface Inputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

export function nativeFusedMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as unknown as Inputs;
    const attrs = args.attrs as unknown as _FusedMatMulAttrs;
    const plan = matMulPlan(a, b, !!attrs.transposeA, !!attrs.transposeB);
    const { backend } = args;
    const ep = plan && nativeEpilogue(backend, plan.outShape, bias, preluActivationWeights, attrs.activation,
      attrs.leakyreluAlpha);
    if (!plan || !ep) return stock(args);
    const c = new Float32Array(plan.outShape.reduce((p, d) => p * d, 1));
    native.batchMatMul(hostFloat32(backend, a), hostFloat32(backend, b), c, plan.dims, plan.aIndex, plan.bIndex,
      ep.bias, ep.prelu, ep.activation, ep.leakyAlpha);
    return outputTensor(backend, plan.outShape, c);
  };
}
