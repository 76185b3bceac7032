// Shared plumbing of the cuda kernels: the backend's name, the arguments every
// kernel gets, and the wrapper that names the tfjs kernel in device errors.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from './CudaBackend.js';

export const BACKEND_NAME = 'cuda';

export interface CudaKernelArgs {
  inputs: NamedTensorInfoMap;
  attrs: NamedAttrMap;
  backend: CudaBackend;
}

export type CudaKernelFunc = (args: CudaKernelArgs) => TensorInfo | TensorInfo[];

/** The kernels implemented natively for `cuda` (the host fallback is not among them). */
export const NATIVE_KERNELS = new Set<string>();

/**
 * A KernelConfig for `cuda`. Device errors come out as
 * "cuda backend: <what went wrong> (kernel <Name>)".
 */
export function cudaKernel(kernelName: string, fn: CudaKernelFunc): KernelConfig {
  NATIVE_KERNELS.add(kernelName);
  return {
    kernelName,
    backendName: BACKEND_NAME,
    kernelFunc: ({ inputs, attrs, backend }) => {
      try {
        return fn({ inputs, attrs: attrs ?? {}, backend: backend as CudaBackend });
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('cuda backend') && !e.message.includes('(kernel ')) e.message += ` (kernel ${kernelName})`;
        throw e;
      }
    },
  };
}
