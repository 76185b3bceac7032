// Shared by the data-movement kernels: the device's element types, and the
// copies several kernels are built from (native/kernels/Slice.{cc,cu},
// native.device.fill).
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SHAPE_ARGS, setSignedShapeArgs, sizeOf } from '../../../kernels/shared/shape_args.js';
import { bytesPerElement, type CudaBackend } from '../CudaBackend.js';

/** ElementType in native/kernels/Movement.h. */
export const ElementType: Partial<Record<DataType, number>> = { float32: 0, int32: 1, bool: 2 };

/** Whether the device stores dtype natively (float32, int32, bool). */
export function onDevice(...ts: TensorInfo[]): boolean {
  return ts.every((t) => ElementType[t.dtype] !== undefined);
}

/** One element of dtype holding value, as the typed array the device stores. */
export function scalarBytes(dtype: DataType, value: number): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return Float32Array.of(value);
  if (dtype === 'int32') return Int32Array.of(value);
  return Uint8Array.of(value);
}

/** x relabelled with `shape`: the same device buffer, one more reference, no copy. */
export function shareBuffer(backend: CudaBackend, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** A new tensor of shape and dtype with every element `value`. */
export function filled(backend: CudaBackend, shape: number[], dtype: DataType, value: number, kernel: string): TensorInfo {
  const y = backend.makeOutput(shape, dtype, kernel);
  const n = sizeOf(shape);
  if (n > 0) native.device.fill(backend.bufferOf(y), scalarBytes(dtype, value), n);
  return y;
}

/**
 * x[begin + i * strides] for i < size per dimension, as a new tensor of shape
 * `shape` (default size); null where the device kernel does not take it. A
 * contiguous slice is copied too (device buffers have no offset views).
 */
export function sliceOnDevice(backend: CudaBackend, x: TensorInfo, begin: number[], size: number[],
  strides?: number[], shape: number[] = size, kernel = 'Slice'): TensorInfo | null {
  const rank = x.shape.length;
  if (!onDevice(x) || !setSignedShapeArgs(rank, x.shape, begin, size, strides ?? new Array<number>(rank).fill(1))) return null;
  const y = backend.makeOutput(shape, x.dtype, kernel);
  if (sizeOf(size) > 0) native.device.slice(backend.bufferOf(x), backend.bufferOf(y), bytesPerElement(x.dtype), SHAPE_ARGS);
  return y;
}

/**
 * Concat and Pack: copies each input (as [outer, inner_i]) into its columns of
 * y ([outer, sum inner_i]), one strided copy per input.
 */
export function concatColumns(backend: CudaBackend, inputs: TensorInfo[], inners: number[], outer: number, y: TensorInfo): void {
  const total = inners.reduce((a, b) => a + b, 0);
  const e = bytesPerElement(y.dtype);
  let col = 0;
  inputs.forEach((t, i) => {
    const inner = inners[i];
    if (outer * inner > 0) {
      setSignedShapeArgs(2, [outer, inner], [inner, 1], [total, 1]);
      native.device.stridedCopy(backend.bufferOf(t), backend.bufferOf(y), e, SHAPE_ARGS, 0, col);
    }
    col += inner;
  });
}
