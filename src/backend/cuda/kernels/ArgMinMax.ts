// ArgMax / ArgMin on float32 along one axis (native/kernels/ArgMinMax.{cc,cu}):
// int32 index of the first extreme value, tfjs-backend-cpu's NaN rule (a NaN
// first element wins, later NaNs never do). Other dtypes, scalars, empty
// tensors and bad axes run on the host (the stock kernel words the errors).
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

function argKernel(kernelName: 'ArgMax' | 'ArgMin'): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    const rank = x.shape.length;
    const attr = args.attrs.axis;
    const a = Array.isArray(attr) ? attr[0] : attr;
    const size = x.shape.reduce((p, d) => p * d, 1);
    if (x.dtype !== 'float32' || rank === 0 || size === 0 || typeof a !== 'number' || !Number.isInteger(a) ||
      a < -rank || a >= rank) return runOnHost(kernelName, args);
    const axis = a < 0 ? a + rank : a;
    let outer = 1, inner = 1;
    for (let d = 0; d < axis; d++) outer *= x.shape[d];
    for (let d = axis + 1; d < rank; d++) inner *= x.shape[d];
    const { backend } = args;
    const y = backend.makeOutput(x.shape.filter((_, d) => d !== axis), 'int32', kernelName);
    native.device.argMinMax(kernelName === 'ArgMax' ? 1 : 0, backend.bufferOf(x), backend.bufferOf(y),
      outer, x.shape[axis], inner);
    return y;
  });
}

export const argMinMaxKernels: KernelConfig[] = [argKernel('ArgMax'), argKernel('ArgMin')];
