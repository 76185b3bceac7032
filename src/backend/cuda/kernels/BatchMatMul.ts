// BatchMatMul and _FusedMatMul on the device (native/kernels/LinalgDevice.h):
// cuBLAS strided-batched GEMMs (the tiled CUDA SGEMM without cuBLAS), NumPy
// broadcasting of the batch dimensions as the cpu backend's native kernel
// (src/kernels/cpu/BatchMatMul.ts), then the bias/activation epilogue.
// Other dtypes, empty operands and epilogues the device does not cover run on
// the host.
import type { BatchMatMulAttrs, KernelConfig, TensorInfo, _FusedMatMulAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { matMulPlan } from '../../../kernels/shared/mat_mul_plan.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel, type CudaKernelArgs } from '../kernel_utils.js';
import { deviceEpilogue } from './linalg_epilogue.js';

const NO_EPILOGUE = Float64Array.of(0, 0, 1, 1, 1, 1);

function matMul(kernelName: string, args: CudaKernelArgs, fused: boolean): TensorInfo | TensorInfo[] {
  const { a, b, bias, preluActivationWeights } = args.inputs as {
    a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo;
  };
  const attrs = args.attrs as unknown as _FusedMatMulAttrs & BatchMatMulAttrs;
  const plan = matMulPlan(a, b, !!attrs.transposeA, !!attrs.transposeB);
  if (!plan) return runOnHost(kernelName, args);
  const ep = fused
    ? deviceEpilogue(plan.outShape, bias, preluActivationWeights, attrs.activation, attrs.leakyreluAlpha)
    : { bias: null, prelu: null, args: NO_EPILOGUE };
  if (!ep) return runOnHost(kernelName, args);
  const { backend } = args;
  const c = backend.makeOutput(plan.outShape, 'float32', kernelName);
  native.device.batchMatMul(backend.bufferOf(a), backend.bufferOf(b), backend.bufferOf(c), plan.dims, plan.aIndex,
    plan.bIndex, ep.bias ? backend.bufferOf(ep.bias) : null, ep.prelu ? backend.bufferOf(ep.prelu) : null, ep.args);
  return c;
}

export const batchMatMulKernels: KernelConfig[] = [
  cudaKernel('BatchMatMul', (args) => matMul('BatchMatMul', args, false)),
  cudaKernel('_FusedMatMul', (args) => matMul('_FusedMatMul', args, true)),
];
