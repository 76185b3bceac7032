// Transpose on any device dtype (native/kernels/Transpose.{cc,cu}).
import { Transpose, type TensorInfo, type TransposeAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, setSignedShapeArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice } from '../shared/movement.js';

export const transposeConfig = cudaKernel(Transpose, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { perm } = args.attrs as unknown as TransposeAttrs;
  const newShape = perm.map((p) => x.shape[p]);
  if (!onDevice(x) || perm.length !== x.shape.length || !setSignedShapeArgs(x.shape.length, x.shape, perm)) return runOnHost(Transpose, args);
  const { backend } = args;
  const y = backend.makeOutput(newShape, x.dtype, Transpose);
  if (sizeOf(newShape) > 0) native.device.transpose(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
  return y;
});
