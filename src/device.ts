// Picks the tfjs backend for a run and says why: the `cuda` backend when it is
// registered and a device is usable, else `cpu`.
import { tf } from './tf.js';
import { cudaInitError, whyNotCuda } from './backend/cuda/index.js';
import type { DeviceName } from './train/config.js';

export interface DeviceChoice {
  backend: 'cpu' | 'cuda';
  /** Why CUDA is not used, when it is not. */
  reason: string | null;
}

export async function selectDevice(device: DeviceName): Promise<DeviceChoice> {
  const reason = whyNotCuda();
  if (device === 'cuda' && reason) throw new Error(`--device cuda was requested but CUDA cannot be used: ${reason}`);
  const backend = device === 'cpu' || reason ? 'cpu' : 'cuda';
  if (!(await tf.setBackend(backend))) {
    const why = `could not initialise the tfjs ${backend} backend${backend === 'cuda' && cudaInitError() ? `: ${cudaInitError()}` : ''}`;
    if (backend === 'cpu' || device === 'cuda') throw new Error(why);
    if (!(await tf.setBackend('cpu'))) throw new Error('could not initialise the tfjs cpu backend');
    return { backend: 'cpu', reason: why };  // auto: a device that fails to start leaves training on cpu
  }
  return { backend, reason: backend === 'cpu' ? (device === 'cpu' ? 'cpu requested' : reason) : null };
}
