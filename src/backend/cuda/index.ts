// Registers the `cuda` tfjs backend when a CUDA device is usable (priority
// above cpu, so tfjs picks it by default), and says why not otherwise
// (whyNotCuda: the one answer that selectDevice and `simsiam info` give):
// no device, or a device older (or newer) than every architecture the addon's
// CUDA code was compiled for (compute_capability.ts).
// SIMSIAM_CUDA_DEVICE=host registers it on the host reference device
// instead: every kernel's C++ CPU reference, for tests and debugging.
import { registerBackend } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import { native, type DeviceBinding, type DeviceMode } from '../../native/index.js';
import { nativeInfo } from '../../device_info.js';
import { CudaBackend } from './CudaBackend.js';
import { unsupportedDeviceReason } from './compute_capability.js';
import { BACKEND_NAME } from './kernel_utils.js';
import { registerCudaKernels } from './register_all_kernels.js';

const CUDA_PRIORITY = 3;

export interface CudaRegistration {
  /** The device the backend runs on, or null when it is not registered. */
  mode: DeviceMode | null;
  /** Why the backend is not registered (null when it is). */
  reason: string | null;
}

let registration: CudaRegistration | undefined;
let initError: string | null = null;

/** Why the backend's device could not be initialised (null when it was, or was not tried). */
export function cudaInitError(): string | null {
  return initError;
}

function requestedMode(): DeviceMode | 'auto' | 'off' {
  const v = (process.env.SIMSIAM_CUDA_DEVICE ?? 'auto').toLowerCase();
  if (v === 'host' || v === 'cuda' || v === 'off' || v === 'auto') return v;
  throw new Error(`Expected auto, cuda, host or off for SIMSIAM_CUDA_DEVICE but received "${v}"`);
}

/** Why `mode` gives no device for the backend (null: it does). */
function noDeviceReason(mode: DeviceMode | 'auto' | 'off'): string | null {
  if (mode === 'off') return 'SIMSIAM_CUDA_DEVICE=off';
  if (mode === 'host') return null;
  const info = nativeInfo();
  if (!info.cuda.usable) return info.cuda.reason ?? 'no CUDA device';
  // The backend runs on device 0 (native.device.init).
  return info.devices[0] ? unsupportedDeviceReason(info.devices[0], info.build.cudaArchitectures) : null;
}

/**
 * Registers the kernels (always) and the backend (when a device is usable or
 * the host device is asked for). Idempotent.
 */
export function registerCudaBackend(mode: DeviceMode | 'auto' | 'off' = requestedMode()): CudaRegistration {
  registerCudaKernels();
  // Registered once; an explicit mode may still register after `auto` found no device.
  if (registration?.mode || (registration && mode === 'auto')) return registration;
  const reason = noDeviceReason(mode);
  const chosen: DeviceMode | null = reason !== null ? null : mode === 'host' ? 'host' : 'cuda';
  if (chosen) {
    const deviceMode = chosen;
    registerBackend(BACKEND_NAME, () => {
      try {
        return new CudaBackend(native.device.init(deviceMode, 0));
      } catch (e) {
        initError = (e as Error).message;  // tfjs only logs it; selectDevice reports it
        throw e;
      }
    }, CUDA_PRIORITY);
  }
  registration = { mode: chosen, reason };
  return registration;
}

/** Why the `cuda` backend is not used (null when it is registered). */
export function whyNotCuda(): string | null {
  return registerCudaBackend().reason;
}

export interface CudaBackendInfo {
  registered: boolean;
  /** The device's name once initialised, else what it will be. */
  device: string | null;
  reason: string | null;
  /** cuBLAS and cuDNN as found at run time (SIMSIAM_CUBLAS / SIMSIAM_CUDNN override the search). */
  libraries: ReturnType<DeviceBinding['libraries']>;
  /** TF32 tensor-core math in matrix products and convolutions (SIMSIAM_TF32=0 turns it off). */
  tf32: boolean;
}

/** For `simsiam info`: whether the backend is registered, on what, and the libraries it found. */
export function cudaBackendInfo(): CudaBackendInfo {
  const { mode } = registerCudaBackend();
  const libraries = native.device.libraries();
  const device = mode === null ? null
    : native.device.name() ?? (mode === 'host' ? 'the host reference device' : nativeInfo().devices[0]?.name ?? null);
  return { registered: mode !== null, device, reason: whyNotCuda(), libraries, tf32: native.device.tf32() };
}

/** The backend instance, when it is registered and initialised. */
export function cudaBackend(): CudaBackend | null {
  const b = tf.findBackend(BACKEND_NAME);
  return b instanceof CudaBackend ? b : null;
}

export { CudaBackend };
