// GatherV2 of float32, int32 and bool x with int32 indices, any axis and
// batchDims (native/kernels/Gather.{cc,cu}). tfjs-backend-cpu throws for an
// index outside [0, x.shape[axis]); the device cannot check the indices
// without a sync, so such an index gives zeros (as TensorFlow's GPU kernel).
// Shapes are checked with tfjs's own helper (same errors as the cpu kernel).
import { GatherV2, backend_util, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

const ELEMENT_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

export const gatherV2Config = cudaKernel(GatherV2, (args) => {
  const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
  const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
  const elementBytes = ELEMENT_BYTES[x.dtype];
  if (elementBytes === undefined || indices.dtype !== 'int32') return runOnHost(GatherV2, args);
  const parsedAxis = util.parseAxisParam(axis, x.shape)[0];
  const info = backend_util.segment_util.collectGatherOpShapeInfo(
    x as never, indices as never, parsedAxis, batchDims ?? 0);
  const { backend } = args;
  const y = backend.makeOutput(info.outputShape, x.dtype, GatherV2);
  const indicesSize = sizeOf(indices.shape);
  if (sizeOf(info.outputShape) > 0) {
    native.device.gather(elementBytes, backend.bufferOf(x), backend.bufferOf(indices), backend.bufferOf(y),
      info.batchSize, info.outerSize, info.dimSize, info.sliceSize, indicesSize / info.batchSize);
  }
  return y;
});
