// Host-memory access to a backend's tensors for the native kernels. On `cpu`,
// readSync returns the backend's own array (no copy) and makeTensorInfo keeps
// the array it is given; other host backends (`tensorflow` from tfjs-node)
// copy in and out through the same calls.
import type { BackendValues, DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { outputPool } from './output_pool.js';

// KernelFunc hands the backend over as `{}`; the host backends all have these.
type HostBackend = KernelBackend & {
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
};

export function hostFloat32(backend: unknown, t: TensorInfo): Float32Array {
  // On `cpu` the array itself, without marking it as handed out (src/kernels/output_pool.ts).
  const values = outputPool(backend)?.values(t.dataId) ?? (backend as HostBackend).readSync(t.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export function hostValues(backend: unknown, t: TensorInfo): ArrayLike<number> {
  return (outputPool(backend)?.values(t.dataId) ?? (backend as HostBackend).readSync(t.dataId)) as ArrayLike<number>;
}

export function outputTensor(backend: unknown, shape: number[], values: Float32Array,
  dtype: DataType = 'float32'): TensorInfo {
  return (backend as HostBackend).makeTensorInfo(shape, dtype, values);
}

/** Backends whose tensors live in host memory, where the native CPU kernels run. */
export const HOST_BACKENDS = ['cpu', 'tensorflow'] as const;

// Below this many values zero-filling costs less than a separate allocation.
const UNINITIALISED_FROM = 1 << 14;

/**
 * A Float32Array of n values for a kernel that writes every one of them. Large
 * ones are not zero-filled first (Buffer.allocUnsafeSlow: an ArrayBuffer of
 * their own, never a slice of Buffer's shared pool); the fill of the many
 * activation-sized outputs of a training step is a measurable part of it.
 */
export function uninitialisedFloat32(n: number): Float32Array {
  if (n < UNINITIALISED_FROM) return new Float32Array(n);
  return new Float32Array(Buffer.allocUnsafeSlow(n * 4).buffer, 0, n);
}

/**
 * The output array of a kernel that writes every value: on `cpu` from the pool of arrays that disposed tensors gave
 * back (src/kernels/output_pool.ts), elsewhere a fresh one.
 */
export function outputFloat32(backend: unknown, n: number): Float32Array {
  return outputPool(backend)?.take(n) ?? uninitialisedFloat32(n);
}
