// Element-wise unary kernels on float32 (native/kernels/Unary.{cc,cu}).
// Step takes attr alpha (its value for x <= 0), LeakyRelu attr alpha (slope).
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { UnaryOp } from '../../../kernels/shared/op_codes.js';

function unaryKernel(kernelName: keyof typeof UnaryOp): KernelConfig {
  const op = UnaryOp[kernelName];
  return cudaKernel(kernelName, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return runOnHost(kernelName, args);
    const { backend } = args;
    const y = backend.makeOutput(x.shape, 'float32', kernelName);
    const alpha = (args.attrs.alpha as number | undefined) ?? (kernelName === 'LeakyRelu' ? 0.2 : 0);
    native.device.unary(op, backend.bufferOf(x), backend.bufferOf(y), backend.data.get(x.dataId)!.size, alpha);
    return y;
  });
}

export const unaryKernels: KernelConfig[] = (Object.keys(UnaryOp) as Array<keyof typeof UnaryOp>).map(unaryKernel);
