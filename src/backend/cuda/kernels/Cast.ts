// Cast between float32, int32 and bool (native/kernels/Cast.{cc,cu}); Fill,
// ZerosLike, OnesLike (native.device.fill). tfjs-backend-cpu keeps an
// int32/bool buffer unchanged when casting to float32 (or bool to int32); the
// device buffers are typed, so those convert, with the same values (but for
// int32 beyond 2^24, which round to float32 here).
import { util, type CastAttrs, type DataType, type FillAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { sizeOf } from '../../../kernels/shared/shape_args.js';
import type { CudaBackend } from '../CudaBackend.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType, scalarBytes } from './movement_codes.js';

function filled(backend: CudaBackend, shape: number[], dtype: DataType, value: number, kernel: string): TensorInfo {
  const y = backend.makeOutput(shape, dtype, kernel);
  const n = sizeOf(shape);
  if (n > 0) native.device.fill(backend.bufferOf(y), scalarBytes(dtype, value), n);
  return y;
}

export const castKernels: KernelConfig[] = [
  cudaKernel('Cast', (args) => {
    const x = args.inputs.x as TensorInfo;
    const { dtype } = args.attrs as unknown as CastAttrs;
    const from = ElementType[x.dtype], to = ElementType[dtype];
    if (from === undefined || to === undefined) return runOnHost('Cast', args);
    const { backend } = args;
    if (from === to) {
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype };
    }
    const y = backend.makeOutput(x.shape, dtype, 'Cast');
    const n = sizeOf(x.shape);
    if (n > 0) native.device.cast(from, to, backend.bufferOf(x), backend.bufferOf(y), n);
    return y;
  }),

  cudaKernel('Fill', (args) => {
    const { shape, value, dtype } = args.attrs as unknown as FillAttrs;
    const $dtype = dtype || util.inferDtype(value);
    if (ElementType[$dtype] === undefined || typeof value !== 'number') return runOnHost('Fill', args);
    return filled(args.backend, shape, $dtype, value, 'Fill');
  }),

  cudaKernel('ZerosLike', (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') throw new Error('zerosLike is not supported for string tensors');
    if (ElementType[x.dtype] === undefined) return runOnHost('ZerosLike', args);
    return filled(args.backend, x.shape, x.dtype, 0, 'ZerosLike');
  }),

  cudaKernel('OnesLike', (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') throw new Error('onesLike is not supported for string tensors');
    if (ElementType[x.dtype] === undefined) return runOnHost('OnesLike', args);
    return filled(args.backend, x.shape, x.dtype, 1, 'OnesLike');
  }),
];
