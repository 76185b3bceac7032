// Tile on the cpu backend: native block copies for float32 (other dtypes,
// bad reps and empty outputs run the stock kernel).
import { Tile, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from '../host_io.js';
import { SHAPE_ARGS, isFloat32Tensor, setShapeArgs, sizeOf } from '../shared/shape_args.js';
import type { NativeCpuKernel } from './kernel_utils.js';

export const tileConfig: NativeCpuKernel = {
  kernelName: Tile,
  wrap: (stock) => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { reps } = args.attrs as unknown as TileAttrs;
    if (!isFloat32Tensor(x) || !Array.isArray(reps) || reps.length !== x.shape.length) return stock(args);
    const outShape = x.shape.map((d, i) => d * reps[i]);
    if (sizeOf(outShape) === 0 || !setShapeArgs(x.shape.length, x.shape, reps)) return stock(args);
    const { backend } = args;
    const y = outputFloat32(backend, sizeOf(outShape));
    native.tile(hostFloat32(backend, x), y, SHAPE_ARGS);
    return outputTensor(backend, outShape, y);
  },
};
