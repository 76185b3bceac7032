// Cast between float32, int32 and bool (native/kernels/Cast.{cc,cu}).
// tfjs-backend-cpu keeps an int32/bool buffer unchanged when casting to
// float32 (or bool to int32); the device buffers are typed, so those convert,
// with the same values (but for int32 beyond 2^24, which round to float32 here).
import { Cast, type CastAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType } from '../shared/movement.js';

export const castConfig = cudaKernel(Cast, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { dtype } = args.attrs as unknown as CastAttrs;
  const from = ElementType[x.dtype], to = ElementType[dtype];
  if (from === undefined || to === undefined) return runOnHost(Cast, args);
  const { backend } = args;
  if (from === to) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  }
  const y = backend.makeOutput(x.shape, dtype, Cast);
  const n = sizeOf(x.shape);
  if (n > 0) native.device.cast(from, to, backend.bufferOf(x), backend.bufferOf(y), n);
  return y;
});
