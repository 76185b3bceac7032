// PadV2 on any device dtype (native/kernels/PadV2.{cc,cu}).
import { PadV2, type PadV2Attrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, setSignedShapeArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, scalarBytes } from '../shared/movement.js';

export const padV2Config = cudaKernel(PadV2, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
  const rank = x.shape.length;
  const before = paddings.map((p) => p[0]), after = paddings.map((p) => p[1]);
  const outShape = x.shape.map((d, i) => before[i] + d + after[i]);
  if (!onDevice(x) || paddings.length !== rank || before.some((v) => v < 0) || after.some((v) => v < 0) ||
    !setSignedShapeArgs(rank, x.shape, before, after)) return runOnHost(PadV2, args);
  const { backend } = args;
  const y = backend.makeOutput(outShape, x.dtype, PadV2);
  if (sizeOf(outShape) > 0) {
    native.device.padV2(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS,
      scalarBytes(x.dtype, constantValue));
  }
  return y;
});
