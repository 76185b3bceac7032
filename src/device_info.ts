// nativeInfo(): what the addon was built with and what it found at run time,
// including the answer to "why is CUDA not used?".
import { addonPath, native, type RawDeviceInfo } from './native/index.js';

export type DeviceDescription = RawDeviceInfo['cuda']['devices'][number];

export interface NativeInfo {
  build: RawDeviceInfo['build'] & { addonPath: string };
  devices: DeviceDescription[];
  cuda: { usable: boolean; driverVersion: number | null; reason: string | null };
}

let cached: RawDeviceInfo | undefined;
function raw(): RawDeviceInfo {
  cached ??= native.deviceInfo();
  return cached;
}

export function nativeInfo(): NativeInfo {
  const r = raw();
  return {
    build: { ...r.build, addonPath },
    devices: r.cuda.devices,
    cuda: {
      usable: r.cuda.devices.length > 0,
      driverVersion: r.cuda.driverVersion || null,
      reason: r.cuda.reason,
    },
  };
}

export function cudaAvailable(): boolean {
  return raw().cuda.devices.length > 0;
}

export function whyNotCuda(): string {
  return raw().cuda.reason ?? 'CUDA is usable';
}
