// OneHot of int32 indices into float32 (or int32 with integer on/off values
// within +-2^24, which tfjs-backend-cpu stores exactly) (native/kernels/OneHot.{cc,cu}):
// an index outside [0, depth) gives a row of offValue, as tfjs-backend-cpu.
// Other dtypes run on the host.
import { OneHot, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

const f32 = new Float32Array(1), i32 = new Int32Array(1);
const f32Bits = new Uint32Array(f32.buffer), i32Bits = new Uint32Array(i32.buffer);

/** The 32-bit pattern of v stored as dtype, or null where the device kernel does not take it. */
function bits(v: number, dtype: string): number | null {
  if (dtype === 'float32') {
    f32[0] = v;
    return f32Bits[0];
  }
  if (dtype === 'int32' && Number.isInteger(v) && Math.abs(v) <= 2 ** 24) {
    i32[0] = v;
    return i32Bits[0];
  }
  return null;
}

export const oneHotConfig = cudaKernel(OneHot, (args) => {
  const indices = args.inputs.indices as TensorInfo;
  const { depth, onValue, offValue, dtype } = args.attrs as { depth: number; onValue: number; offValue: number; dtype: string };
  const on = bits(onValue, dtype), off = bits(offValue, dtype);
  if (indices.dtype !== 'int32' || on === null || off === null || !Number.isInteger(depth) || depth < 0) {
    return runOnHost(OneHot, args);
  }
  const count = sizeOf(indices.shape);
  const { backend } = args;
  const y = backend.makeOutput([...indices.shape, depth], dtype as 'float32' | 'int32', OneHot);
  if (count * depth > 0) native.device.oneHot(backend.bufferOf(indices), backend.bufferOf(y), count, depth, on, off);
  return y;
});
