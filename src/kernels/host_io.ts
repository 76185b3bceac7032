// Host-memory access to a backend's tensors for the native kernels. On `cpu`,
// readSync returns the backend's own array (no copy) and makeTensorInfo keeps
// the array it is given; other host backends (`tensorflow` from tfjs-node)
// copy in and out through the same calls.
import type { BackendValues, DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { outputPool, uninitialisedFloat32 } from './output_pool.js';

// KernelFunc hands the backend over as `{}`; the host backends all have these.
type HostBackend = KernelBackend & {
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
};

export function hostValues(backend: unknown, t: TensorInfo): ArrayLike<number> {
  // On `cpu` the array itself, without marking it as handed out (src/kernels/output_pool.ts).
  return (outputPool(backend)?.values(t.dataId) ?? (backend as HostBackend).readSync(t.dataId)) as ArrayLike<number>;
}

export function hostFloat32(backend: unknown, t: TensorInfo): Float32Array {
  const values = hostValues(backend, t);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

export function outputTensor(backend: unknown, shape: number[], values: Float32Array,
  dtype: DataType = 'float32'): TensorInfo {
  return (backend as HostBackend).makeTensorInfo(shape, dtype, values);
}

/** Backends whose tensors live in host memory, where the native CPU kernels run. */
export const HOST_BACKENDS = ['cpu', 'tensorflow'] as const;

/**
 * The output array of a kernel that writes every value: on `cpu` from the pool of arrays that disposed tensors gave
 * back (src/kernels/output_pool.ts), elsewhere a fresh one.
 */
export function outputFloat32(backend: unknown, n: number): Float32Array {
  return outputPool(backend)?.take(n) ?? uninitialisedFloat32(n);
}
