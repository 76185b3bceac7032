// ClipByValue on float32 (native/kernels/Select.{cc,cu}); other dtypes run on the host.
import { ClipByValue, type ClipByValueAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const clipByValueConfig = cudaKernel(ClipByValue, (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype !== 'float32') return runOnHost(ClipByValue, args);
  const { clipValueMin, clipValueMax } = args.attrs as unknown as ClipByValueAttrs;
  const { backend } = args;
  const y = backend.makeOutput(x.shape, 'float32', ClipByValue);
  const n = sizeOf(x.shape);
  if (n > 0) native.device.clipByValue(backend.bufferOf(x), backend.bufferOf(y), n, clipValueMin, clipValueMax);
  return y;
});
