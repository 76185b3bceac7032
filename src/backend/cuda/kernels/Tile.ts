// Tile on any device dtype (native/kernels/Tile.{cc,cu}).
import { Tile, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, setSignedShapeArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice } from '../shared/movement.js';

export const tileConfig = cudaKernel(Tile, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { reps } = args.attrs as unknown as TileAttrs;
  if (!onDevice(x) || reps.length !== x.shape.length || reps.some((r) => r < 0) ||
    !setSignedShapeArgs(x.shape.length, x.shape, reps)) return runOnHost(Tile, args);
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const { backend } = args;
  const y = backend.makeOutput(outShape, x.dtype, Tile);
  if (sizeOf(outShape) > 0) native.device.tile(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
  return y;
});
