// TopK on float32 along the last axis, sorted (native/kernels/TopK.{cc,cu}):
// values decreasing, equal values by increasing index, exactly as
// tfjs-backend-cpu; NaN ranks above +Infinity and equal infinities go by
// index too (tfjs-cpu's order is not well defined there: its comparator
// computes b - a, NaN for NaN and for Inf - Inf). sorted: false (tfjs-cpu returns its selection's
// partition order), k above 2048, int32 x and scalars run on the host.
import { TopK, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

/** The largest k of the device kernel (native/kernels/TopK.h kTopKMaxK). */
const TOPK_MAX_K = 2048;

export const topKConfig = cudaKernel(TopK, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { k, sorted } = args.attrs as { k: number; sorted: boolean };
  const rank = x.shape.length;
  const n = rank > 0 ? x.shape[rank - 1] : 0;
  if (x.dtype !== 'float32' || rank === 0 || sorted === false || !Number.isInteger(k) || k < 0 || k > n ||
    k > TOPK_MAX_K || n >= 2 ** 31) return runOnHost(TopK, args);
  const rows = sizeOf(x.shape.slice(0, -1));
  const outShape = [...x.shape.slice(0, -1), k];
  const { backend } = args;
  const values = backend.makeOutput(outShape, 'float32', TopK);
  const indices = backend.makeOutput(outShape, 'int32', TopK);
  if (rows * k > 0) {
    native.device.topk(backend.bufferOf(x), backend.bufferOf(values), backend.bufferOf(indices), rows, n, k);
  }
  return [values, indices];
});
