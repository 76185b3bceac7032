// Every cuda kernel, registered once; then the host fallback for the cpu
// kernels that have no device version (host_fallback.ts).
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { registerHostFallbacks } from './host_fallback.js';
import { binaryKernels } from './kernels/binary.js';
import { fusedKernels } from './kernels/fused_kernels.js';
import { linalgKernels } from './kernels/linalg_kernels.js';
import { movementKernels } from './kernels/movement_kernels.js';
import { reductionKernels } from './kernels/reduction_kernels.js';
import { reshapeKernels } from './kernels/Reshape.js';
import { unaryKernels } from './kernels/unary.js';
import { sgdUpdateKernel } from './kernels/SgdUpdate.js';
import { movingAverageKernel } from './kernels/MovingAverage.js';
import { BACKEND_NAME } from './kernel_utils.js';

const kernels: KernelConfig[] = [
  ...binaryKernels,
  ...unaryKernels,
  sgdUpdateKernel,
  movingAverageKernel,
  ...reshapeKernels,
  ...reductionKernels,
  ...movementKernels,
  ...linalgKernels,
  ...fusedKernels,
];

let registered = false;

export function registerCudaKernels(): void {
  if (registered) return;
  registered = true;
  for (const k of kernels) if (!getKernel(k.kernelName, BACKEND_NAME)) registerKernel(k);
  registerHostFallbacks();
}
