// nativeInfo(): what the addon was built with and the CUDA devices it found
// (or why none); whether the cuda backend is used: whyNotCuda in
// src/backend/cuda/index.ts.
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
