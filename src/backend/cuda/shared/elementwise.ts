// The element-wise kernel families on float32 (native/kernels/Elementwise.{cc,cu},
// Unary.{cc,cu}); other dtypes run on the host (host_fallback.ts).
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { BinaryOp, UnaryOp } from '../../../kernels/shared/op_codes.js';
import { SHAPE_ARGS, broadcastArgs, isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

/** y = op(a, b) with NumPy broadcasting. */
export function binaryKernel(kernelName: keyof typeof BinaryOp): KernelConfig {
  const op = BinaryOp[kernelName];
  return cudaKernel(kernelName, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (!isFloat32(a, b)) return runOnHost(kernelName, args);
    const outShape = broadcastArgs(a.shape, b.shape);
    if (!outShape) {
      backend_util.assertAndGetBroadcastShape(a.shape, b.shape);  // throws tfjs's message
      return runOnHost(kernelName, args);  // rank above the native limit
    }
    const { backend } = args;
    const y = backend.makeOutput(outShape, 'float32', kernelName);
    native.device.binary(op, backend.bufferOf(a), backend.bufferOf(b), backend.bufferOf(y), SHAPE_ARGS);
    return y;
  });
}

/** y = op(x). Step takes attr alpha (its value for x <= 0), LeakyRelu attr alpha (slope). */
export function unaryKernel(kernelName: keyof typeof UnaryOp): KernelConfig {
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
