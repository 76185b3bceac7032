// Kernels without a device implementation run tfjs-backend-cpu's kernel on
// host copies of their inputs and upload the results: correct, slow (a sync
// per call), and counted, so tests can prove a code path never takes it (the
// training step, kNN, probe and export do not).
import { getKernel, getKernelsForBackend, registerKernel, type KernelBackend, type KernelConfig, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import type { CudaBackend } from './CudaBackend.js';
import { BACKEND_NAME, type CudaKernelArgs } from './kernel_utils.js';

/** Calls per kernel name since start (or the last reset). */
export const hostFallbackCalls = new Map<string, number>();

type HostBackend = KernelBackend & {
  makeTensorInfo(shape: number[], dtype: string, values?: unknown): TensorInfo;
  disposeIntermediateTensorInfo(t: TensorInfo): void;
};

export function runOnHost(kernelName: string, { inputs, attrs, backend }: CudaKernelArgs): TensorInfo | TensorInfo[] {
  const kernel = getKernel(kernelName, 'cpu');
  if (!kernel) throw new Error(`cuda backend: ${kernelName} has no cuda kernel and no cpu kernel to fall back to`);
  hostFallbackCalls.set(kernelName, (hostFallbackCalls.get(kernelName) ?? 0) + 1);
  const cpu = tf.findBackend('cpu') as HostBackend;
  // Concat, AddN, Pack and a few others take an array of tensors as `inputs`.
  const temps: TensorInfo[] = [];
  const toHost = (t: TensorInfo | null | undefined): TensorInfo | null | undefined => {
    if (t == null) return t;
    const h = cpu.makeTensorInfo(t.shape, t.dtype, backend.readSync(t.dataId));
    temps.push(h);
    return h;
  };
  const hostInputs = Array.isArray(inputs)
    ? (inputs as TensorInfo[]).map(toHost)
    : Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, toHost(t)]));
  const result = kernel.kernelFunc({ inputs: hostInputs as NamedTensorInfoMap, attrs, backend: cpu });
  const outs = Array.isArray(result) ? result : [result];
  const uploaded = outs.map((o) => backend.makeTensorInfo(o.shape, o.dtype, cpu.readSync(o.dataId)));
  for (const t of [...temps, ...outs]) cpu.disposeIntermediateTensorInfo(t);
  return Array.isArray(result) ? uploaded : uploaded[0];
}

/** Registers the host fallback for every cpu kernel that has no cuda kernel. */
export function registerHostFallbacks(): void {
  for (const k of getKernelsForBackend('cpu')) {
    if (getKernel(k.kernelName, BACKEND_NAME)) continue;
    const config: KernelConfig = {
      kernelName: k.kernelName,
      backendName: BACKEND_NAME,
      kernelFunc: ({ inputs, attrs, backend }) => runOnHost(k.kernelName, { inputs, attrs: attrs ?? {}, backend: backend as CudaBackend }),
    };
    registerKernel(config);
  }
}
