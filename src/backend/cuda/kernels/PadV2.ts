// PadV2 and Tile on any device dtype (native/kernels/{PadV2,Tile}.{cc,cu}).
import type { KernelConfig, PadV2Attrs, TensorInfo, TileAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, scalarBytes, writeShapeArgs } from './movement_codes.js';

export const padTileKernels: KernelConfig[] = [
  cudaKernel('PadV2', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
    const rank = x.shape.length;
    const before = paddings.map((p) => p[0]), after = paddings.map((p) => p[1]);
    const outShape = x.shape.map((d, i) => before[i] + d + after[i]);
    if (!onDevice(x) || paddings.length !== rank || before.some((v) => v < 0) || after.some((v) => v < 0) ||
      !writeShapeArgs(rank, x.shape, before, after)) return runOnHost('PadV2', args);
    const { backend } = args;
    const y = backend.makeOutput(outShape, x.dtype, 'PadV2');
    if (sizeOf(outShape) > 0) {
      native.device.padV2(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS,
        scalarBytes(x.dtype, constantValue));
    }
    return y;
  }),

  cudaKernel('Tile', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { reps } = args.attrs as unknown as TileAttrs;
    if (!onDevice(x) || reps.length !== x.shape.length || reps.some((r) => r < 0) ||
      !writeShapeArgs(x.shape.length, x.shape, reps)) return runOnHost('Tile', args);
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const { backend } = args;
    const y = backend.makeOutput(outShape, x.dtype, 'Tile');
    if (sizeOf(outShape) > 0) native.device.tile(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
    return y;
  }),
];
